[a.b]
title = t
product = p
severity = error
match = desk top
meaning = m
fix = f
# deſK top
