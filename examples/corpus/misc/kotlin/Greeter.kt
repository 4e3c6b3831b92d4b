// Greets people in their preferred language; falls back to English for unknown locales.
package demo.greeter

data class Person(val name: String, val locale: String = "en")

class Greeter(private val greetings: Map<String, String>) {
    fun greet(person: Person): String {
        val template = greetings[person.locale] ?: greetings.getValue("en")
        return template.replace("{name}", person.name)
    }
}

fun main() {
    val greeter = Greeter(
        mapOf(
            "en" to "Hello, {name}!",
            "de" to "Hallo, {name}!",
            "fr" to "Bonjour, {name} !",
        )
    )
    val people = listOf(Person("Ada"), Person("Grete", "de"), Person("Amélie", "fr"), Person("Yuki", "ja"))
    people.map(greeter::greet).forEach(::println)
    val byLocale = people.groupBy { it.locale }.mapValues { (_, group) -> group.size }
    println("people per locale: $byLocale")
}
