# The crash-consistency test's one signature (tests/stress/crash.sh): every
# line logrotor writes is "stress LINE n", one incident per n, so counting
# incidents counts lines read and their hit counts show lines read twice.

[stress.line]
title    = A numbered line of the crash-consistency test
product  = stress
severity = warning
formats  = plain
match    = \bstress LINE (?<n>\d+)\b
group_by = n
meaning  = logrotor, the test's writer, numbers its lines; each is one
  incident, seen once.
fix      = None: it is a test.
