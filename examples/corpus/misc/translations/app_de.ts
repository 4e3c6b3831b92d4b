<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en_US">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../src/mainwindow.ui" line="14"/>
        <source>Demo Viewer</source>
        <translation>Demo-Betrachter</translation>
    </message>
    <message>
        <location filename="../src/mainwindow.cpp" line="42"/>
        <source>&amp;Open...</source>
        <translation>&amp;Öffnen...</translation>
    </message>
    <message>
        <location filename="../src/mainwindow.cpp" line="57"/>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/mainwindow.cpp" line="88"/>
        <source>%n file(s) loaded</source>
        <translation>
            <numerusform>%n Datei geladen</numerusform>
            <numerusform>%n Dateien geladen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../src/settingsdialog.cpp" line="23"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../src/settingsdialog.cpp" line="31"/>
        <source>Restart the application to apply the new language.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
