[a.b]
title = t
product = p
severity = error
match = x\cAbcd
unless = \x41never
meaning = m
fix = f
# xbcd
