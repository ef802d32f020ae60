# sig2re.awk — the `match =` patterns of patterns/*.sig, for other tools.
#
#   LC_ALL=C awk -v target=ere|rust|pcre -f sig2re.awk patterns/*.sig
#
# Reads signature files the way daemon/sigdb.c does (comments, `[id]`
# sections, continuation lines of match/unless joined with nothing, leading
# and trailing blanks dropped) and writes one line per pattern, fields
# separated by a TAB:
#
#   OK    ID  N  PATTERN     translated pattern N of signature ID
#   SKIP  ID  N  REASON      this tool cannot take it (and why)
#   NOTE  ID  N  TEXT        something the reader of the bench should know
#
# Targets:
#   ere   GNU grep -E: (?:…) and named groups become plain groups, \d \s \w
#         become bracket expressions (inside brackets too, where a backslash
#         is literal in POSIX), lazy quantifiers become greedy, [\s\S] becomes
#         '.' (a line tool never sees a line break), \n drops out of negated
#         brackets.
#   rust  ripgrep 13 (Rust regex): (?<name>…) becomes (?P<name>…), escapes of
#         characters that are not metacharacters lose their backslash.
#   pcre  rg -P (PCRE2): the pattern as written, but for the names of its
#         groups.
# rg joins the patterns of -f with '|', and two groups of one name are an
# error in both engines, so every group name gets the pattern's sequence
# number (site -> site_7); ere has no names at all.
# Both ere and rust skip lookarounds, backreferences, possessive quantifiers,
# atomic groups and escapes they have no equivalent for, with one exact
# exception: a positive lookahead that is the very last item of a pattern
# without top-level alternation is turned into an ordinary group — for
# "does this line match" that is the same question.  Matching is
# case-insensitive in every tool (-i), as in syncwatch.
#
# The translation works on bytes (run it under LC_ALL=C); a UTF-8 sequence is
# kept together as one literal, so a quantifier after it still applies to the
# whole character (grep must then run in a UTF-8 locale).

BEGIN {
	FS = "\n"
	TAB = "\t"
	for (i = 1; i < 256; i++)
		ORD[sprintf("%c", i)] = i
	if (target != "ere" && target != "rust" && target != "pcre") {
		print "sig2re.awk: target must be ere, rust or pcre" > "/dev/stderr"
		exit 2
	}
	META = ".[]()*+?{}|^$\\"
}

function trim(s) {
	sub(/^[ \t\r\f\v]+/, "", s)
	sub(/[ \t\r\f\v]+$/, "", s)
	return s
}

# --- reading the signature files ---

FNR == 1 { flush(); sid = "" }

{
	line = $0
	sub(/\r$/, "", line)
	t = trim(line)
	if (t == "" || substr(t, 1, 1) == "#")
		next
	if (line ~ /^[ \t\r\f\v]/) {
		if (key != "") {
			if (key == "match" || key == "unless" || val == "")
				val = val t
			else
				val = val " " t
		}
		next
	}
	flush()
	if (substr(t, 1, 1) == "[") {
		sid = trim(substr(t, 2, length(t) - 2))
		nmatch = 0
		next
	}
	eq = index(t, "=")
	if (eq == 0)
		next
	key = trim(substr(t, 1, eq - 1))
	val = trim(substr(t, eq + 1))
}

END { flush() }

function flush(  r) {
	if (key == "match") {
		nmatch++
		SEQ++
		if (target == "pcre") {
			r = pcre_names(val)
			if (ERR != "")
				print "SKIP" TAB sid TAB nmatch TAB ERR
			else
				print "OK" TAB sid TAB nmatch TAB r
		} else {
			r = translate(val)
			if (ERR != "")
				print "SKIP" TAB sid TAB nmatch TAB ERR
			else {
				if (LOOKNOTE)
					print "NOTE" TAB sid TAB nmatch TAB \
					    "final lookahead (?=…) kept as a plain group (same lines match)"
				print "OK" TAB sid TAB nmatch TAB r
			}
		}
	} else if (key == "unless")
		print "NOTE" TAB sid TAB "-" TAB "unless pattern ignored (a line counts once whatever matches it)"
	key = ""
	val = ""
}

# --- the translator ---

function ch(k) { return substr(P, k, 1) }

function fail(why) {
	if (ERR == "")
		ERR = why
}

function translate(p,   r) {
	P = p
	N = length(p)
	I = 1
	ERR = ""
	TOPALT = 0
	NLOOK = 0
	LOOKEND = 0
	LOOKNOTE = 0
	r = alt(0)
	if (I <= N)
		fail("unbalanced ')' at offset " I)
	if (NLOOK > 0) {
		if (NLOOK == 1 && LOOKEND > N && !TOPALT)
			LOOKNOTE = 1
		else
			fail("lookahead (?=…) that is not the final item")
	}
	return r
}

# A sequence of alternatives up to an unmatched ')' or the end.
function alt(depth,   out, a, q, c) {
	out = ""
	while (I <= N && ERR == "") {
		c = ch(I)
		if (c == ")")
			break
		if (c == "|") {
			if (depth == 0)
				TOPALT = 1
			out = out "|"
			I++
			continue
		}
		a = atom(depth)
		if (ERR != "")
			break
		q = quant()
		if (q != "" && ATOM_ZW)
			fail("quantified assertion")
		if (q != "" && LASTLOOK)
			LOOKEND = 0	# a quantified lookahead is not final
		out = out a q
	}
	return out
}

# A literal character (possibly a UTF-8 sequence) outside brackets.
function lit(c) {
	if (index(META, c) > 0)
		return "\\" c
	if (c == "\t" && target == "rust")
		return "\\t"
	return c
}

# The whole UTF-8 sequence that starts at I (advances I).
function utf8(  b, n, s) {
	b = ORD[ch(I)]
	n = b >= 240 ? 4 : b >= 224 ? 3 : b >= 192 ? 2 : 1
	s = substr(P, I, n)
	I += n
	return s
}

function atom(depth,   c, e, s) {
	ATOM_ZW = 0
	LASTLOOK = 0
	c = ch(I)
	if (c == "\\")
		return esc()
	if (c == "[")
		return cls()
	if (c == "(") {
		s = group(depth)
		# inner atoms set ATOM_ZW for themselves; only (?#…) and
		# (?flags) translate to nothing and take no width
		ATOM_ZW = s == ""
		return s
	}
	if (c == "." || c == "^" || c == "$") {
		I++
		ATOM_ZW = c != "."
		return c
	}
	if (c == "*" || c == "+" || c == "?") {
		fail("quantifier without an atom at offset " I)
		return ""
	}
	if (c == "{" && isquant(I)) {
		fail("quantifier without an atom at offset " I)
		return ""
	}
	if (ORD[c] >= 128)
		return utf8()
	I++
	return lit(c)
}

# "\x" outside brackets.
function esc(   e) {
	e = ch(I + 1)
	I += 2
	if (e == "")
		fail("trailing backslash")
	else if (e == "d")
		return target == "ere" ? "[0-9]" : "\\d"
	else if (e == "D")
		return target == "ere" ? "[^0-9]" : "\\D"
	else if (e == "s")
		return target == "ere" ? "[[:space:]]" : "\\s"
	else if (e == "S")
		return target == "ere" ? "[^[:space:]]" : "\\S"
	else if (e == "w")
		return target == "ere" ? "[[:alnum:]_]" : "\\w"
	else if (e == "W")
		return target == "ere" ? "[^[:alnum:]_]" : "\\W"
	else if (e == "b" || e == "B") {
		ATOM_ZW = 1
		return "\\" e
	} else if (e == "t")
		return lit("\t")
	else if (e == "n")
		fail("\\n: a line tool never sees a line break")
	else if (e ~ /[A-Za-z0-9]/)
		fail("escape \\" e " has no equivalent")
	else if (ORD[e] >= 128) {
		I--
		return utf8()
	} else
		return lit(e)
	return ""
}

# {n}, {n,} or {n,m} at k?
function isquant(k,   rest) {
	rest = substr(P, k)
	return match(rest, /^\{[0-9]+(,[0-9]*)?\}/) > 0
}

function quant(   c, q) {
	c = ch(I)
	if (c == "*" || c == "+" || c == "?") {
		q = c
		I++
	} else if (c == "{" && isquant(I)) {
		match(substr(P, I), /^\{[0-9]+(,[0-9]*)?\}/)
		q = substr(P, I, RLENGTH)
		I += RLENGTH
	} else
		return ""
	c = ch(I)
	if (c == "?") {		# lazy: the same lines match greedily
		I++
		if (target == "rust")
			q = q "?"
	} else if (c == "+")
		fail("possessive quantifier " q "+")
	return q
}

function group(depth,   c, name, inner, open, flags, k, s) {
	I++
	if (ch(I) != "?") {
		inner = alt(depth + 1)
		return grpclose("(", inner)
	}
	c = ch(I + 1)
	if (c == ":") {
		I += 2
		inner = alt(depth + 1)
		return grpclose(target == "ere" ? "(" : "(?:", inner)
	}
	if (c == "=") {
		I += 2
		NLOOK++
		inner = alt(depth + 1)
		s = grpclose(target == "ere" ? "(" : "(?:", inner)
		LOOKEND = depth == 0 ? I : 0
		if (depth > 0)
			fail("lookahead (?=…) inside a group")
		LASTLOOK = 1
		return s
	}
	if (c == "!" || (c == "<" && (ch(I + 2) == "=" || ch(I + 2) == "!"))) {
		fail("lookaround (?" c (c == "<" ? ch(I + 2) : "") "…)")
		return ""
	}
	if (c == "<" || c == "P" || c == "'") {
		k = c == "P" ? I + 3 : I + 2
		if (c == "P" && ch(I + 2) != "<") {
			fail("(?P" ch(I + 2) " group")
			return ""
		}
		name = ""
		while (k <= N && ch(k) ~ /[A-Za-z0-9_]/)
			name = name ch(k++)
		if (name == "" || ch(k) != (c == "'" ? "'" : ">")) {
			fail("bad group name at offset " I)
			return ""
		}
		I = k + 1
		inner = alt(depth + 1)
		return grpclose(target == "ere" ? "(" : "(?P<" name "_" SEQ ">", inner)
	}
	if (c == "#") {
		while (I <= N && ch(I) != ")")
			I++
		I++
		return ""
	}
	# Inline flags: (?i) (?s) (?-i) (?i:…)
	k = I + 1
	flags = ""
	while (k <= N && ch(k) ~ /[imsxnU-]/)
		flags = flags ch(k++)
	if (flags != "" && (ch(k) == ")" || ch(k) == ":")) {
		if (flags ~ /[mxnU]/) {
			fail("inline flags (?" flags ")")
			return ""
		}
		if (flags ~ /-.*i/ && target == "ere") {
			fail("(?-i): grep -i cannot turn case sensitivity back on")
			return ""
		}
		I = k + 1
		if (ch(k) == ")") {
			if (target == "ere" || flags !~ /-.*i/)
				return ""	# -i is on already, '.' never meets \n
			return "(?" flags ")"
		}
		inner = alt(depth + 1)
		if (target == "ere")
			return grpclose("(", inner)
		return grpclose("(?" flags ":", inner)
	}
	fail("group (?" c "…)")
	return ""
}

function grpclose(open, inner) {
	if (ERR != "")
		return ""
	if (ch(I) != ")") {
		fail("missing ')'")
		return ""
	}
	I++
	return open inner ")"
}

# A bracket expression [...]; I is at '['.
function cls(   neg, first, c, e, it, lo, hi, items, n, k, rb, dash, caret, lb,
    body, pos, negs, nl, kind, any, alts, out, rs) {
	I++
	neg = 0
	if (ch(I) == "^") {
		neg = 1
		I++
	}
	first = 1
	n = 0
	while (1) {
		if (I > N) {
			fail("unterminated [")
			return ""
		}
		c = ch(I)
		if (c == "]" && !first) {
			I++
			break
		}
		first = 0
		kind = "lit"
		if (c == "[" && ch(I + 1) == ":") {
			k = index(substr(P, I + 2), ":]")
			if (k == 0) {
				fail("bad [: class")
				return ""
			}
			it = substr(P, I, k + 3)
			I += k + 3
			kind = "posix"
		} else if (c == "\\") {
			e = ch(I + 1)
			I += 2
			if (e ~ /[dsw]/) {
				kind = "pos"
				it = e
			} else if (e ~ /[DSW]/) {
				kind = "neg"
				it = tolower(e)
			} else if (e == "n") {
				kind = "nl"
			} else if (e == "t")
				it = "\t"
			else if (e == "r")
				it = "\r"
			else if (e ~ /[A-Za-z0-9]/) {
				fail("escape \\" e " in brackets has no equivalent")
				return ""
			} else if (ORD[e] >= 128) {
				I--
				it = utf8()
			} else
				it = e
		} else if (ORD[c] >= 128)
			it = utf8()
		else {
			it = c
			I++
		}
		# a range?
		if (kind == "lit" && length(it) == 1 && ch(I) == "-" &&
		    I + 1 <= N && ch(I + 1) != "]") {
			lo = it
			I++
			c = ch(I)
			if (c == "\\") {
				hi = ch(I + 1)
				if (hi ~ /[A-Za-z0-9]/ || hi == "") {
					fail("range to an escape in brackets")
					return ""
				}
				I += 2
			} else if (ORD[c] >= 128 || c == "[") {
				fail("range to a non-ASCII character")
				return ""
			} else {
				hi = c
				I++
			}
			kind = "range"
			it = lo "-" hi
		}
		n++
		KIND[n] = kind
		ITEM[n] = it
	}
	if (target == "rust")
		return rustcls(neg, n)

	# --- POSIX bracket expression for grep -E ---
	rb = dash = caret = lb = 0
	body = ""
	pos = ""
	negs = ""
	nl = 0
	for (k = 1; k <= n; k++) {
		kind = KIND[k]
		it = ITEM[k]
		if (kind == "nl")
			nl = 1
		else if (kind == "pos")
			pos = pos it
		else if (kind == "neg")
			negs = negs it
		else if (kind == "posix" || kind == "range")
			body = body it
		else if (it == "]")
			rb = 1
		else if (it == "-")
			dash = 1
		else if (it == "^")
			caret = 1
		else if (it == "[")
			lb = 1
		else
			body = body it
	}
	if (index(pos, "s")) body = body "[:space:]"
	if (index(pos, "d")) body = body "0-9"
	if (index(pos, "w")) body = body "[:alnum:]_"
	if (neg) {
		if (negs != "") {
			fail("negated class inside a negated bracket")
			return ""
		}
		# \n never occurs in a line: [^\n] is any character
		if (!rb && !dash && !caret && !lb && body == "")
			return "."
		return bracket(1, rb, body, lb, caret, dash)
	}
	any = 0
	for (k = 1; k <= length(negs); k++)
		if (index(pos, substr(negs, k, 1)))
			any = 1
	if (any)
		return "."	# [\s\S] and the like
	alts = ""
	for (k = 1; k <= length(negs); k++) {
		e = substr(negs, k, 1)
		rs = e == "s" ? "[^[:space:]]" : e == "d" ? "[^0-9]" : "[^[:alnum:]_]"
		alts = alts (alts == "" ? "" : "|") rs
	}
	if (rb || dash || caret || lb || body != "") {
		out = bracket(0, rb, body, lb, caret, dash)
		alts = alts (alts == "" ? "" : "|") out
	} else if (alts == "") {
		fail("bracket that only matches a line break")
		return ""
	}
	if (index(alts, "|"))
		return "(" alts ")"
	return alts
}

# ']' first, '[' and '^' not first, '-' last.
function bracket(neg, rb, body, lb, caret, dash,   s) {
	if (!neg && !rb && body == "" && !lb && caret && !dash)
		return "\\^"
	s = "[" (neg ? "^" : "") (rb ? "]" : "") body (lb ? "[" : "")
	if (caret)
		s = s "^"
	if (dash)
		s = s "-"
	return s "]"
}

function rustcls(neg, n,   s, k, it, kind, lo, hi) {
	s = "[" (neg ? "^" : "")
	for (k = 1; k <= n; k++) {
		kind = KIND[k]
		it = ITEM[k]
		if (kind == "nl")
			s = s "\\n"
		else if (kind == "pos")
			s = s "\\" it
		else if (kind == "neg")
			s = s "\\" toupper(it)
		else if (kind == "posix")
			s = s it
		else if (kind == "range")
			s = s rclit(substr(it, 1, 1)) "-" rclit(substr(it, 3, 1))
		else
			s = s rclit(it)
	}
	return s "]"
}

function rclit(c) {
	if (index("[]\\-^&~", c) > 0)
		return "\\" c
	if (c == "\t")
		return "\\t"
	if (c == "\r")
		return "\\r"
	return c
}

# PCRE2 as written, group names made unique: (?<x>, (?P<x> and (?'x' become
# (?<x_SEQ>.  Named back references would need the same; they are refused.
function pcre_names(p,   out, k, n, c, d, inb, first, name) {
	ERR = ""
	out = ""
	n = length(p)
	inb = 0
	for (k = 1; k <= n; k++) {
		c = substr(p, k, 1)
		if (c == "\\") {
			d = substr(p, k + 1, 1)
			if (!inb && (d == "k" || d == "g"))
				fail("back reference \\" d)
			out = out c d
			k++
			first = 0
			continue
		}
		if (inb) {
			if (c == "]" && !first)
				inb = 0
			else if (c == "[" && substr(p, k + 1, 1) == ":") {
				d = index(substr(p, k + 2), ":]")
				if (d > 0) {
					out = out substr(p, k, d + 3)
					k += d + 2
					first = 0
					continue
				}
			}
			if (!(c == "^" && first && substr(p, k - 1, 1) == "["))
				first = 0
			out = out c
			continue
		}
		if (c == "[") {
			inb = 1
			first = 1
			out = out c
			continue
		}
		if (c == "(" && substr(p, k + 1, 1) == "?") {
			d = substr(p, k + 2, 1)
			if (d == "P" && substr(p, k + 3, 1) ~ /[=>]/)
				fail("named back reference or call (?P" substr(p, k + 3, 1))
			if (d == "&")
				fail("subroutine call (?&")
			if ((d == "<" || d == "'") && substr(p, k + 3, 1) ~ /[A-Za-z_]/ ||
			    d == "P" && substr(p, k + 3, 1) == "<") {
				k += d == "P" ? 4 : 3
				name = ""
				while (k <= n && substr(p, k, 1) ~ /[A-Za-z0-9_]/)
					name = name substr(p, k++, 1)
				# k is at the closing > or '
				out = out "(?<" name "_" SEQ ">"
				continue
			}
		}
		out = out c
	}
	return out
}
