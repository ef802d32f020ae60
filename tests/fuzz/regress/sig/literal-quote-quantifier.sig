[a.b]
title = t
product = p
severity = error
match = xyz\Qabcd\E?
meaning = m
fix = f
# xyzabc
