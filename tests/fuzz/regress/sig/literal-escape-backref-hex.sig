[a.b]
title = t
product = p
severity = error
match = (a)\1bcd and \x41bcdef
meaning = m
fix = f
# aabcd and Abcdef
