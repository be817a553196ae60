#!/bin/sh
# layers.sh ROOT: checks that each layer includes only the layers inside
# it (docs/ARCHITECTURE.md, "Layers"). The build already refuses to link
# an outward call from a layer's own library; this catches what linking
# cannot: a header included across the line (store.h reaching pages, the
# CLI or the API), which would let them call the store around app/.
# Prints every offending file:line and exits 1 if there is any.
set -u
root=${1:?usage: layers.sh ROOT}
cd "$root" || exit 2
bad=0

all=$(find src tests bench -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | sort)

# The sources whose path matches (or, with -v, does not match) a regex.
sources() {
    printf '%s\n' "$all" | grep -E "$@"
}

# check DESCRIPTION EXTENDED-REGEX FILE...: each line of the files
# matching the regex is an offence, printed as file:line: text: what.
check() {
    what=$1 pattern=$2
    shift 2
    [ $# -gt 0 ] || return 0
    if grep -nHE "$pattern" "$@" | sed "s|\$|: $what|" | grep .; then
        bad=1
    fi
}

include='^[[:space:]]*#[[:space:]]*include[[:space:]]*'

# store.h: only app/ and store/, and the unit tests of those two layers.
check "store.h outside src/app/ and src/store/" "$include"'["<]([^">]*/)?store\.h[">]' $(
    sources -v '^src/(app|store)/|^tests/unit/test_(store|app)_[^/]*\.c$')
# seal.h: private to store/ (and its own test).
check "seal.h outside src/store/" "$include"'["<]([^">]*/)?seal\.h[">]' $(
    sources -v '^src/store/|^tests/unit/test_store_seal\.c$')
# app/ is below every transport.
check "src/app/ includes a layer above it" "$include"'"([^"]*/)?(http|web|cli)/' \
    $(sources '^src/app/')
# core/ is pure: only itself.
check "src/core/ includes outside core" "$include"'"[^"]*/' $(sources '^src/core/')
# store/ sits on core only.
check "src/store/ includes a layer above it" "$include"'"([^"]*/)?(app|http|web|cli|link)/' \
    $(sources '^src/store/')
# link/ sits on core only.
check "src/link/ includes outside core and link" "$include"'"\.\./(app|http|web|cli|store)/' \
    $(sources '^src/link/')

# Pages, the API and the verbs call app/ operations, never the store.
check "calls the store around src/app/" '\<rt_store_[a-z_]+[[:space:]]*\(' \
    $(sources '^src/(http|web|cli)/')

if [ "$bad" -ne 0 ]; then
    echo "layers: a layer reaches across its line (docs/ARCHITECTURE.md, Layers)" >&2
    exit 1
fi
echo "layers: every layer stays inside its line"
