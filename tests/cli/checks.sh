# Shared by the CLI shell tests: a scratch directory removed at exit, pass/fail counters and the
# basic checks. Source it after `set -u`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { # check DESCRIPTION EXPECTED_EXIT COMMAND...
    local what=$1 want=$2
    shift 2
    "$@" >"$work/out" 2>"$work/err"
    local got=$?
    if [ "$got" = "$want" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $what: exit $got, expected $want"
        sed 's/^/    /' "$work/out" "$work/err" | head -20
    fi
}
contains() { # contains DESCRIPTION FILE TEXT
    if grep -qF -- "$3" "$2"; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL: $1: '$3' not in $2"; sed 's/^/    /' "$2" | head; fi
}
once() { # once DESCRIPTION FILE TEXT: exactly one line has TEXT
    local n
    n=$(grep -cF -- "$3" "$2")
    if [ "$n" = 1 ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL: $1: '$3' on $n lines of $2, expected 1"; fi
}
lacks() { # lacks DESCRIPTION FILE TEXT
    if grep -qF -- "$3" "$2"; then
        failed=$((failed + 1)); echo "FAIL: $1: '$3' in $2"; grep -nF -- "$3" "$2" | head -3
    else passed=$((passed + 1)); fi
}
