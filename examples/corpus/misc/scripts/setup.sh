#!/usr/bin/env bash
# Prepare a development checkout: create the virtualenv, install dependencies, optionally migrate the database.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ROOT}/.venv"
MIGRATE=false

usage() {
    echo "usage: $0 [--migrate]" >&2
    exit 2
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --migrate) MIGRATE=true ;;
        -h|--help) usage ;;
        *) echo "unknown option: $1" >&2; usage ;;
    esac
    shift
done

if [[ ! -d "${VENV}" ]]; then
    python3 -m venv "${VENV}"
fi
"${VENV}/bin/pip" install --quiet --upgrade pip
"${VENV}/bin/pip" install --quiet -r "${ROOT}/requirements.txt"

if [[ "${MIGRATE}" == true ]]; then
    echo "running migrations..."
    "${VENV}/bin/python" -m demo.migrate --config "${ROOT}/config/settings.yaml"
fi

echo "setup complete: activate with 'source ${VENV}/bin/activate'"
