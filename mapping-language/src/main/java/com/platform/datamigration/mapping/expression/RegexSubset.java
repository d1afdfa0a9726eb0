package com.platform.datamigration.mapping.expression;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The regular expressions a mapping may use: a subset that Java and PostgreSQL read alike, translated into both
 * dialects with every character class written out, so neither engine's own idea of {@code \w}, {@code .} or case
 * folding comes in.
 *
 * <p>The subset:
 * <ul>
 * <li>literal characters; {@code \} before any ASCII punctuation makes it literal ({@code \.} {@code \\} {@code \(} …);
 * {@code \n} {@code \t} {@code \r} are newline, tab and carriage return;</li>
 * <li>{@code .}: any character, a newline included;</li>
 * <li>classes {@code [abc]}, {@code [a-z0-9_]}, negated {@code [^...]}; inside them {@code \d \w \s} and escaped
 * characters; a literal {@code ]}, {@code [} or {@code ^} must be escaped, a literal {@code -} escaped or last;</li>
 * <li>{@code \d} = {@code [0-9]}, {@code \w} = {@code [A-Za-z0-9_]}, {@code \s} = space, tab, newline, carriage return,
 * form feed, vertical tab (ASCII only, whatever the database's locale), and their complements {@code \D \W \S};</li>
 * <li>{@code ^} only as the pattern's first character, {@code $} only as its last (the very end of the text, not
 * before a final newline); with either, alternation must be inside a group;</li>
 * <li>groups {@code ( )} (captured, numbered from 1) and {@code (?: )}; alternation {@code |};</li>
 * <li>greedy quantifiers {@code * + ? {n} {n,} {n,m}} (n, m at most 255) after a character, a class or a group that
 * cannot match the empty text; only {@code ?} after a group that captures (or holds one that does).</li>
 * </ul>
 * Not allowed: lazy and possessive quantifiers, backreferences, lookaround, inline flags, {@code \b} and other escapes,
 * POSIX classes {@code [[:alpha:]]}, a quantified capture group, an alternative that can match the empty text.
 *
 * <p>Where a match begins and ends must not depend on the engine: Java prefers the first way to match, PostgreSQL the
 * longest. Both agree when each character of a text can be taken by only one part of the pattern at a time (at every
 * step the characters that could come next belong to one place of the pattern only); a pattern that is ambiguous in this
 * sense, such as {@code a*a} or {@code (?:a|ab)c} or {@code \w+\d}, is refused. Written unambiguously ({@code a+},
 * {@code a(?:b)?c}, {@code [A-Za-z_]+\d}) it is accepted.
 *
 * <p>With flag {@code i}, each character of the pattern also matches its upper- and lower-case forms (one character for
 * one: {@code ß} does not match {@code SS}); a negated class excludes those forms too.
 */
final class RegexSubset {

    static final int MAX_REPEAT = 255;

    /** The subset, for the function reference. */
    static final String REFERENCE = "\n## Regular expressions\n\n"
            + "`regexp_replace`, `regexp_extract` and `matches` take a pattern in quotes from a subset that Java and PostgreSQL read "
            + "alike; anything else is refused when the mapping is checked (`INVALID_ARGUMENTS`, naming what is not allowed).\n\n"
            + "| allowed | meaning |\n|---|---|\n"
            + "| `abc`, `\\.` `\\\\` `\\(` … | literal characters; `\\` before ASCII punctuation makes it literal |\n"
            + "| `\\n` `\\t` `\\r` | newline, tab, carriage return |\n"
            + "| `.` | any character, a newline included |\n"
            + "| `[abc]` `[a-z0-9_]` `[^,]` | a class, a negated class; inside, `\\d \\w \\s` and escaped characters; a literal `]`, "
            + "`[` or `^` escaped, a literal `-` escaped or last |\n"
            + "| `\\d` `\\w` `\\s`, `\\D` `\\W` `\\S` | `[0-9]`, `[A-Za-z0-9_]`, ASCII white space (space, tab, newline, "
            + "carriage return, form feed, vertical tab), and their complements: ASCII whatever the database's locale |\n"
            + "| `^` `$` | only first and last in the pattern: the start and the very end of the text (`$` not before a final "
            + "newline); with them, alternatives go in a group: `^(?:a\\|b)$` |\n"
            + "| `( )` `(?: )` `a\\|b` | a group that captures (numbered from 1), one that does not, alternatives |\n"
            + "| `*` `+` `?` `{n}` `{n,}` `{n,m}` | greedy repetition (n, m ≤ 255) of a character, class or group that cannot "
            + "match the empty text; a group that captures takes only `?` |\n"
            + "| flag `i` | each character also matches its upper- and lower-case form, one for one (`ß` does not match `SS`) |\n\n"
            + "Not allowed: lazy and possessive quantifiers, backreferences, lookaround, inline flags, `\\b` and other escapes, "
            + "POSIX classes, an alternative that can match the empty text, and an ambiguous pattern: one where a character could "
            + "be taken by two parts of the pattern, as in `a*a`, `(?:a|ab)c` or `\\w+\\d` (Java takes the first way to match, "
            + "PostgreSQL the longest; written so that only one part can take each character, as `a+`, `a(?:b)?c` or "
            + "`[A-Za-z_]+\\d`, they agree). In `regexp_replace` the pattern may not match the empty text.\n";
    private static final int MAX_CP = 0x10FFFF;

    /** A pattern in both dialects, with its number of capture groups and whether it can match the empty text. */
    record Compiled(String source, Pattern java, String postgres, int groups, boolean matchesEmpty) {
    }

    private final String text;
    private final int[] cps;
    private final boolean ignoreCase;
    private int pos;
    private int groups;
    private final List<int[]> positions = new ArrayList<>();

    private RegexSubset(String text, boolean ignoreCase) {
        this.text = text;
        this.cps = text.codePoints().toArray();
        this.ignoreCase = ignoreCase;
    }

    /** The pattern in both dialects, or {@code INVALID_ARGUMENTS} naming what it uses outside the subset. */
    static Compiled compile(String pattern, boolean ignoreCase) {
        RegexSubset p = new RegexSubset(pattern, ignoreCase);
        boolean start = false;
        boolean end = false;
        int from = 0;
        int to = p.cps.length;
        if (to > 0 && p.cps[0] == '^') {
            start = true;
            from = 1;
        }
        if (to > from && p.cps[to - 1] == '$' && !escapedAt(p.cps, to - 1)) {
            end = true;
            to--;
        }
        p.pos = from;
        Node root = p.alternation(to);
        if (p.pos != to) {
            throw p.refuse("unexpected ')' at " + (p.pos + 1));
        }
        if ((start || end) && root instanceof Alt) {
            throw p.refuse("with ^ or $, put the alternatives in a group: ^(?:a|b)$");
        }
        p.deterministic(root);
        StringBuilder java = new StringBuilder(start ? "^" : "");
        StringBuilder pg = new StringBuilder(start ? "^" : "");
        root.emit(java, pg);
        if (end) {
            java.append("\\z");
            pg.append('$');
        }
        return new Compiled(pattern, Pattern.compile(java.toString()), pg.toString(), p.groups, root.nullable());
    }

    /** The flags argument: only {@code g} and {@code i}, each at most once. */
    static void checkFlags(String function, String flags, String allowed) {
        for (int i = 0; i < flags.length(); i++) {
            char c = flags.charAt(i);
            if (allowed.indexOf(c) < 0 || flags.indexOf(c) != i) {
                throw new ExpressionException("INVALID_ARGUMENTS", function + " takes the flags " + describe(allowed)
                        + " (each at most once), not '" + flags + "'");
            }
        }
    }

    private static String describe(String allowed) {
        return allowed.equals("gi") ? "'g' (every match) and 'i' (ignoring case)" : "'i' (ignoring case)";
    }

    private static boolean escapedAt(int[] cps, int at) {
        int n = 0;
        for (int i = at - 1; i >= 0 && cps[i] == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private ExpressionException refuse(String what) {
        return new ExpressionException("INVALID_ARGUMENTS", "regular expression '" + text + "': " + what
                + " (see the regular expressions the mapping language allows)");
    }

    // ---- syntax ----

    private Node alternation(int to) {
        List<Node> branches = new ArrayList<>();
        branches.add(sequence(to));
        while (pos < to && cps[pos] == '|') {
            pos++;
            branches.add(sequence(to));
        }
        if (branches.size() == 1) {
            return branches.get(0);
        }
        for (Node b : branches) {
            if (b.nullable()) {
                throw refuse("an alternative that can match the empty text");
            }
        }
        return new Alt(branches);
    }

    private Node sequence(int to) {
        List<Node> items = new ArrayList<>();
        while (pos < to && cps[pos] != '|' && cps[pos] != ')') {
            int before = groups;
            Node atom = atom(to);
            items.add(quantified(atom, to, groups > before));
        }
        return new Seq(items);
    }

    private Node atom(int to) {
        int c = cps[pos];
        switch (c) {
            case '(' -> {
                pos++;
                boolean capture = true;
                if (pos < to && cps[pos] == '?') {
                    if (pos + 1 < to && cps[pos + 1] == ':') {
                        capture = false;
                        pos += 2;
                    } else {
                        throw refuse("(? other than (?: — lookaround and inline flags are not allowed");
                    }
                }
                int index = capture ? ++groups : 0;
                Node inner = alternation(to);
                if (pos >= to || cps[pos] != ')') {
                    throw refuse("a '(' without its ')'");
                }
                pos++;
                return new Group(capture, index, inner);
            }
            case '[' -> {
                return position(bracket(to), false);
            }
            case '.' -> {
                pos++;
                return position(new int[] {0, MAX_CP}, false);
            }
            case '\\' -> {
                int[] e = escape(to, false);
                return position(e, e.length == 2 && e[0] == e[1]);
            }
            case '*', '+', '?', '{' -> throw refuse("'" + new String(Character.toChars(c)) + "' with nothing before it to repeat");
            case '^', '$' -> throw refuse("'" + (char) c + "' is allowed only at the very start (^) or end ($) of the pattern");
            default -> {
                pos++;
                return position(new int[] {c, c}, true);
            }
        }
    }

    private Node quantified(Node atom, int to, boolean captures) {
        if (pos >= to) {
            return atom;
        }
        int c = cps[pos];
        int min;
        int max;
        if (c == '*' || c == '+' || c == '?') {
            pos++;
            min = c == '+' ? 1 : 0;
            max = c == '?' ? 1 : -1;
        } else if (c == '{') {
            pos++;
            min = number(to);
            max = min;
            if (pos < to && cps[pos] == ',') {
                pos++;
                max = pos < to && cps[pos] == '}' ? -1 : number(to);
            }
            if (pos >= to || cps[pos] != '}') {
                throw refuse("a '{' that is not a repetition {n}, {n,} or {n,m}");
            }
            pos++;
            if (max != -1 && max < min) {
                throw refuse("a repetition {n,m} with m < n");
            }
        } else {
            return atom;
        }
        if (pos < to && (cps[pos] == '?' || cps[pos] == '+')) {
            throw refuse("lazy (*?) and possessive (*+) quantifiers are not allowed");
        }
        if (pos < to && (cps[pos] == '*' || cps[pos] == '{')) {
            throw refuse("a quantifier after a quantifier");
        }
        if (captures && max != 1) {
            throw refuse("a repeated capture group: put the repetition inside the group, ((?:ab)+) rather than (ab)+");
        }
        if (atom.nullable()) {
            throw refuse("a repeated part that can match the empty text");
        }
        return new Repeat(atom, min, max);
    }

    private int number(int to) {
        int start = pos;
        long n = 0;
        while (pos < to && cps[pos] >= '0' && cps[pos] <= '9') {
            n = n * 10 + (cps[pos] - '0');
            if (n > MAX_REPEAT) {
                throw refuse("a repetition count above " + MAX_REPEAT);
            }
            pos++;
        }
        if (pos == start) {
            throw refuse("a '{' that is not a repetition {n}, {n,} or {n,m}");
        }
        return (int) n;
    }

    /** An escape at {@code pos} (a backslash): the characters it stands for, as ranges. */
    private int[] escape(int to, boolean inBracket) {
        pos++;
        if (pos >= to) {
            throw refuse("a '\\' at the end");
        }
        int c = cps[pos++];
        switch (c) {
            case 'd':
                return new int[] {'0', '9'};
            case 'w':
                return new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
            case 's':
                return new int[] {'\t', '\r', ' ', ' '};
            case 'D':
            case 'W':
            case 'S':
                if (inBracket) {
                    throw refuse("\\" + (char) c + " inside [ ]");
                }
                return complement(c == 'D' ? new int[] {'0', '9'} : c == 'W' ? new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
                        : new int[] {'\t', '\r', ' ', ' '});
            case 'n':
                return new int[] {'\n', '\n'};
            case 't':
                return new int[] {'\t', '\t'};
            case 'r':
                return new int[] {'\r', '\r'};
            default:
                if (c < 128 && !Character.isLetterOrDigit(c) && c > ' ') {
                    return new int[] {c, c};
                }
                throw refuse("the escape \\" + new String(Character.toChars(c)) + " (allowed: \\d \\w \\s \\D \\W \\S \\n \\t \\r, "
                        + "and \\ before punctuation)");
        }
    }

    private int[] bracket(int to) {
        pos++;
        boolean negated = false;
        if (pos < to && cps[pos] == '^') {
            negated = true;
            pos++;
        }
        List<int[]> parts = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (pos >= to) {
                throw refuse("a '[' without its ']'");
            }
            int c = cps[pos];
            if (c == ']') {
                if (first) {
                    throw refuse("an empty class [] (write \\] for a literal ])");
                }
                pos++;
                break;
            }
            first = false;
            if (c == '[') {
                throw refuse("'[' inside a class (POSIX classes [[:alpha:]] are not allowed; write \\[ for a literal [)");
            }
            int lo;
            if (c == '\\') {
                int[] e = escape(to, true);
                if (e.length > 2 || e[0] != e[1]) {
                    parts.add(e);
                    if (pos < to && cps[pos] == '-' && pos + 1 < to && cps[pos + 1] != ']') {
                        throw refuse("a range from a class escape");
                    }
                    continue;
                }
                lo = e[0];
            } else {
                if (c == '^') {
                    throw refuse("'^' inside a class other than first (write \\^)");
                }
                if (c == '-' && !(pos + 1 < to && cps[pos + 1] == ']') && !parts.isEmpty()) {
                    throw refuse("a '-' inside a class that is not a range (write \\- or put it last)");
                }
                lo = c;
                pos++;
            }
            int hi = lo;
            if (pos + 1 < to && cps[pos] == '-' && cps[pos + 1] != ']') {
                pos++;
                int h = cps[pos];
                if (h == '[') {
                    throw refuse("'[' inside a class");
                }
                if (h == '\\') {
                    int[] e = escape(to, true);
                    if (e.length > 2 || e[0] != e[1]) {
                        throw refuse("a range to a class escape");
                    }
                    hi = e[0];
                } else {
                    hi = h;
                    pos++;
                }
                if (hi < lo) {
                    throw refuse("a range " + new String(Character.toChars(lo)) + "-" + new String(Character.toChars(hi))
                            + " that runs backwards");
                }
            }
            parts.add(new int[] {lo, hi});
        }
        int[] set = union(parts);
        if (ignoreCase) {
            set = withCases(set);
        }
        return negated ? complement(set) : set;
    }

    /** A character of the pattern: a literal one ({@code expand}: with its other cases under flag i) or a class. */
    private Node position(int[] ranges, boolean expand) {
        int[] set = expand && ignoreCase ? withCases(ranges) : normalize(ranges);
        set = withoutSurrogates(set);
        if (set.length == 0) {
            throw refuse("a class that matches no character");
        }
        positions.add(set);
        return new Pos(positions.size() - 1, set);
    }

    // ---- character sets: sorted, disjoint, inclusive ranges {lo0, hi0, lo1, hi1, …} ----

    private static int[] normalize(int[] ranges) {
        return union(List.of(ranges));
    }

    private static int[] union(List<int[]> parts) {
        List<int[]> big = new ArrayList<>();
        for (int[] p : parts) {
            for (int i = 0; i < p.length; i += 2) {
                big.add(new int[] {p[i], p[i + 1]});
            }
        }
        big.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<Integer> out = new ArrayList<>();
        for (int[] r : big) {
            int n = out.size();
            if (n > 0 && r[0] <= out.get(n - 1) + 1) {
                out.set(n - 1, Math.max(out.get(n - 1), r[1]));
            } else {
                out.add(r[0]);
                out.add(r[1]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] complement(int[] set) {
        set = normalize(set);
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < set.length; i += 2) {
            if (set[i] > next) {
                out.add(next);
                out.add(set[i] - 1);
            }
            next = set[i + 1] + 1;
        }
        if (next <= MAX_CP) {
            out.add(next);
            out.add(MAX_CP);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Without the surrogate code points (never characters of a text) and the NUL character (never in PostgreSQL text). */
    private static int[] withoutSurrogates(int[] set) {
        List<int[]> parts = new ArrayList<>();
        for (int i = 0; i < set.length; i += 2) {
            int lo = Math.max(set[i], 1);
            int hi = set[i + 1];
            if (lo > hi) {
                continue;
            }
            if (hi < 0xD800 || lo > 0xDFFF) {
                parts.add(new int[] {lo, hi});
            } else {
                if (lo < 0xD800) {
                    parts.add(new int[] {lo, 0xD7FF});
                }
                if (hi > 0xDFFF) {
                    parts.add(new int[] {0xE000, hi});
                }
            }
        }
        return union(parts);
    }

    /** The set with the upper- and lower-case form of each of its characters. */
    private static int[] withCases(int[] set) {
        set = normalize(set);
        List<int[]> parts = new ArrayList<>();
        parts.add(set);
        for (int i = 0; i < set.length; i += 2) {
            for (int c = set[i]; c <= set[i + 1]; c++) {
                int l = Character.toLowerCase(c);
                int u = Character.toUpperCase(c);
                if (l != c) {
                    parts.add(new int[] {l, l});
                }
                if (u != c) {
                    parts.add(new int[] {u, u});
                }
            }
        }
        return union(parts);
    }

    private static boolean intersect(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i + 1] < b[j]) {
                i += 2;
            } else if (b[j + 1] < a[i]) {
                j += 2;
            } else {
                return true;
            }
        }
        return false;
    }

    // ---- the unambiguity check (the pattern's Glushkov automaton is deterministic) ----

    private void deterministic(Node root) {
        List<BitSet> follow = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            follow.add(new BitSet());
        }
        root.follow(follow);
        disjoint(root.first(), "at its start");
        for (int i = 0; i < positions.size(); i++) {
            disjoint(follow.get(i), "after one of its characters");
        }
    }

    private void disjoint(BitSet next, String where) {
        int[] ids = next.stream().toArray();
        for (int x = 0; x < ids.length; x++) {
            for (int y = x + 1; y < ids.length; y++) {
                if (intersect(positions.get(ids[x]), positions.get(ids[y]))) {
                    throw refuse("it is ambiguous " + where + ": a character could be taken by two parts of the pattern "
                            + "(Java and PostgreSQL would match differently); write it so that only one part can take each character");
                }
            }
        }
    }

    // ---- the tree ----

    private abstract static class Node {
        abstract boolean nullable();

        abstract BitSet first();

        abstract BitSet last();

        /** Adds to each position's follow set the positions that may come right after it inside this node. */
        abstract void follow(List<BitSet> follow);

        abstract void emit(StringBuilder java, StringBuilder pg);
    }

    private static final class Pos extends Node {
        final int id;
        final int[] set;

        Pos(int id, int[] set) {
            this.id = id;
            this.set = set;
        }

        boolean nullable() {
            return false;
        }

        BitSet first() {
            BitSet b = new BitSet();
            b.set(id);
            return b;
        }

        BitSet last() {
            return first();
        }

        void follow(List<BitSet> follow) {
        }

        void emit(StringBuilder java, StringBuilder pg) {
            if (set.length == 2 && set[0] == set[1] && set[0] < 128 && Character.isLetterOrDigit(set[0])) {
                java.append((char) set[0]);
                pg.append((char) set[0]);
                return;
            }
            java.append('[');
            pg.append('[');
            for (int i = 0; i < set.length; i += 2) {
                java.append(String.format("\\x{%X}", set[i]));
                pg.append(String.format("\\U%08X", set[i]));
                if (set[i + 1] != set[i]) {
                    java.append(String.format("-\\x{%X}", set[i + 1]));
                    pg.append(String.format("-\\U%08X", set[i + 1]));
                }
            }
            java.append(']');
            pg.append(']');
        }
    }

    private static final class Seq extends Node {
        final List<Node> items;

        Seq(List<Node> items) {
            this.items = items;
        }

        boolean nullable() {
            return items.stream().allMatch(Node::nullable);
        }

        BitSet first() {
            BitSet b = new BitSet();
            for (Node n : items) {
                b.or(n.first());
                if (!n.nullable()) {
                    break;
                }
            }
            return b;
        }

        BitSet last() {
            BitSet b = new BitSet();
            for (int i = items.size() - 1; i >= 0; i--) {
                b.or(items.get(i).last());
                if (!items.get(i).nullable()) {
                    break;
                }
            }
            return b;
        }

        void follow(List<BitSet> follow) {
            for (Node n : items) {
                n.follow(follow);
            }
            for (int i = 0; i < items.size(); i++) {
                BitSet after = new BitSet();
                for (int j = i + 1; j < items.size(); j++) {
                    after.or(items.get(j).first());
                    if (!items.get(j).nullable()) {
                        break;
                    }
                }
                items.get(i).last().stream().forEach(p -> follow.get(p).or(after));
            }
        }

        void emit(StringBuilder java, StringBuilder pg) {
            for (Node n : items) {
                n.emit(java, pg);
            }
        }
    }

    private static final class Alt extends Node {
        final List<Node> branches;

        Alt(List<Node> branches) {
            this.branches = branches;
        }

        boolean nullable() {
            return false;  // an alternative that can be empty is refused
        }

        BitSet first() {
            BitSet b = new BitSet();
            branches.forEach(n -> b.or(n.first()));
            return b;
        }

        BitSet last() {
            BitSet b = new BitSet();
            branches.forEach(n -> b.or(n.last()));
            return b;
        }

        void follow(List<BitSet> follow) {
            branches.forEach(n -> n.follow(follow));
        }

        void emit(StringBuilder java, StringBuilder pg) {
            for (int i = 0; i < branches.size(); i++) {
                if (i > 0) {
                    java.append('|');
                    pg.append('|');
                }
                branches.get(i).emit(java, pg);
            }
        }
    }

    private static final class Group extends Node {
        final boolean capture;
        final int index;
        final Node inner;

        Group(boolean capture, int index, Node inner) {
            this.capture = capture;
            this.index = index;
            this.inner = inner;
        }

        boolean nullable() {
            return inner.nullable();
        }

        BitSet first() {
            return inner.first();
        }

        BitSet last() {
            return inner.last();
        }

        void follow(List<BitSet> follow) {
            inner.follow(follow);
        }

        void emit(StringBuilder java, StringBuilder pg) {
            java.append(capture ? "(" : "(?:");
            pg.append(capture ? "(" : "(?:");
            inner.emit(java, pg);
            java.append(')');
            pg.append(')');
        }
    }

    private static final class Repeat extends Node {
        final Node inner;
        final int min;
        final int max;

        Repeat(Node inner, int min, int max) {
            this.inner = inner;
            this.min = min;
            this.max = max;
        }

        boolean nullable() {
            return min == 0;
        }

        BitSet first() {
            return inner.first();
        }

        BitSet last() {
            return inner.last();
        }

        void follow(List<BitSet> follow) {
            inner.follow(follow);
            if (max != 1) {
                // Another round may follow each round's end (for {n,m} too: a check that refuses a little more than it must).
                BitSet again = inner.first();
                inner.last().stream().forEach(p -> follow.get(p).or(again));
            }
        }

        void emit(StringBuilder java, StringBuilder pg) {
            StringBuilder j = new StringBuilder();
            StringBuilder p = new StringBuilder();
            inner.emit(j, p);
            boolean wrap = !(inner instanceof Pos || inner instanceof Group);
            String q = min == 0 && max == -1 ? "*" : min == 1 && max == -1 ? "+" : min == 0 && max == 1 ? "?"
                    : "{" + min + (max == min ? "" : "," + (max == -1 ? "" : Integer.toString(max))) + "}";
            java.append(wrap ? "(?:" + j + ")" : j).append(q);
            pg.append(wrap ? "(?:" + p + ")" : p).append(q);
        }
    }
}
