package io.jbuild.grammar.lint.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The reader behind {@link ShellScript}: a recursive scan over {@code [pos, end)} of the script text that
 * records simple commands and pipes. Unbalanced quotes or parentheses end a word or a list at the end of
 * the text rather than failing, so that a half-typed script still yields its commands.
 */
final class ShellParser {

    private static final Set<String> PREFIX_KEYWORDS = Set.of("if", "then", "else", "elif", "do", "while", "until",
            "!", "{", "time", "fi", "done", "esac", "}");

    private final ShellScript script;
    private final String s;
    private int pos;
    private final int end;
    private final List<String[]> pendingHeredocs = new ArrayList<>(); // {delimiter, "-" when tabs are stripped}
    private int caseDepth;
    private boolean expectCasePattern;

    ShellParser(ShellScript script, String text, int from, int to) {
        this.script = script;
        this.s = text;
        this.pos = from;
        this.end = to;
    }

    void parse() {
        list(false);
    }

    private boolean at(String token) {
        return s.startsWith(token, pos) && pos + token.length() <= end;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < end ? s.charAt(i) : '\0';
    }

    /** Commands separated by operators until the end, or until ')' when {@code inParens}. */
    private void list(boolean inParens) {
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && peek(1) == '\n') {
                pos += 2;
            } else if (c == '\n') {
                pos++;
                skipHeredocBodies();
            } else if (c == '#') {
                skipComment();
            } else if (c == ')') {
                if (inParens) {
                    pos++;
                    return;
                }
                pos++; // a stray ')' (the end of a case pattern already consumed, or a typo)
            } else if (at(";;&") || at(";;") || at(";&")) {
                pos += at(";;&") ? 3 : 2;
                expectCasePattern = caseDepth > 0;
            } else if (c == ';' || c == '&') {
                pos += at("&&") ? 2 : 1;
            } else if (c == '|') {
                if (at("||")) {
                    pos += 2;
                } else {
                    script.pipes++;
                    pos += at("|&") ? 2 : 1;
                }
            } else if (c == '(') {
                if (at("((")) {
                    skipBalanced('(', ')'); // arithmetic command
                } else {
                    pos++;
                    list(true);
                }
            } else if (expectCasePattern) {
                skipCasePattern();
            } else {
                simpleCommand();
            }
        }
    }

    private void skipComment() {
        while (pos < end && s.charAt(pos) != '\n') {
            pos++;
        }
    }

    /** After a case's {@code in} or {@code ;;}: a pattern up to its ')', or the {@code esac} that ends the case. */
    private void skipCasePattern() {
        int save = pos;
        Word w = word(new ArrayList<>());
        if (w != null && w.word.value().equals("esac") && !w.quoted) {
            caseDepth--;
            expectCasePattern = false;
            return;
        }
        pos = save;
        int depth = 0;
        char quote = 0;
        while (pos < end) {
            char c = s.charAt(pos);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                pos++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    pos++;
                    break;
                }
                depth--;
            }
            pos++;
        }
        expectCasePattern = false;
    }

    private static boolean isOperatorStart(char c) {
        return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '\n';
    }

    /** One simple command (or a keyword that introduces one); stops before the next operator. */
    private void simpleCommand() {
        ShellWord name = null;
        List<ShellWord> args = new ArrayList<>();
        List<ShellCommand> nested = new ArrayList<>();
        boolean doubleBracket = false;
        List<String> heredocsHere = new ArrayList<>();
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
                continue;
            }
            if (c == '\\' && peek(1) == '\n') {
                pos += 2;
                continue;
            }
            if (doubleBracket && (at("&&") || at("||"))) {
                args.add(new ShellWord(s.substring(pos, pos + 2), pos, pos + 2));
                pos += 2;
                continue;
            }
            if (isOperatorStart(c)) {
                if (c == '(' && name != null && args.isEmpty() && isFunctionParens()) {
                    name = null; // "name() { ...; }": a function definition, not a command
                    continue;
                }
                break;
            }
            if (c == '#') {
                // at the start of a word '#' starts a comment ("a#b" is one word, "a #b" a word and a comment)
                skipComment();
                break;
            }
            if (redirection(heredocsHere, nested)) {
                continue;
            }
            Word w = word(nested);
            if (w == null) {
                pos++;
                continue;
            }
            String v = w.word.value();
            if (name == null) {
                if (isAssignment(s.substring(w.word.start(), w.word.end()))) {
                    continue;
                }
                if (!w.quoted && PREFIX_KEYWORDS.contains(v)) {
                    continue;
                }
                if (!w.quoted && (v.equals("for") || v.equals("select"))) {
                    skipForClause();
                    continue;
                }
                if (!w.quoted && v.equals("case")) {
                    skipCaseHead(nested);
                    break; // patterns and their commands follow, read by the list
                }
                if (!w.quoted && v.equals("function")) {
                    Word fn = word(nested);
                    if (fn != null) {
                        skipBlanks();
                        if (at("()")) {
                            pos += 2;
                        }
                    }
                    continue;
                }
                name = w.word;
                doubleBracket = v.equals("[[");
            } else {
                args.add(w.word);
                if (doubleBracket && v.equals("]]")) {
                    doubleBracket = false;
                }
            }
        }
        String commandName = name == null ? "" : name.value();
        for (String h : heredocsHere) {
            script.heredocCommands.putIfAbsent(h, commandName);
        }
        if (name != null) {
            ShellCommand cmd = unwrap(name, args);
            script.commands.add(cmd);
        }
        script.commands.addAll(nested);
    }

    /** ShellCheck's view of {@code command}, {@code builtin}, {@code exec}: the wrapped command is the one that runs. */
    private ShellCommand unwrap(ShellWord name, List<ShellWord> args) {
        String n = name.value();
        if ((n.equals("command") || n.equals("builtin") || n.equals("exec") || n.equals("busybox"))
                && !args.isEmpty() && !args.get(0).value().startsWith("-")) {
            return new ShellCommand(script, args.get(0), args.subList(1, args.size()));
        }
        return new ShellCommand(script, name, args);
    }

    private boolean isFunctionParens() {
        int i = pos + 1;
        while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        if (i < end && s.charAt(i) == ')') {
            pos = i + 1;
            return true;
        }
        return false;
    }

    private void skipBlanks() {
        while (pos < end && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** {@code for NAME [in WORDS]}: everything up to the separator before {@code do}. */
    private void skipForClause() {
        skipBlanks();
        if (at("((")) {
            skipBalanced('(', ')');
            return;
        }
        List<ShellCommand> nested = new ArrayList<>();
        while (pos < end) {
            skipBlanks();
            char c = pos < end ? s.charAt(pos) : '\0';
            if (c == ';' || c == '\n' || c == '&' || c == '|' || c == '\0') {
                break;
            }
            Word w = word(nested);
            if (w == null) {
                pos++;
            } else if (!w.quoted && w.word.value().equals("do")) {
                break;
            }
        }
        script.commands.addAll(nested);
    }

    /** {@code case WORD in}: then patterns and commands follow. */
    private void skipCaseHead(List<ShellCommand> nested) {
        skipBlanks();
        word(nested);
        while (pos < end) {
            skipBlanks();
            if (pos < end && s.charAt(pos) == '\n') {
                pos++;
                continue;
            }
            int save = pos;
            Word w = word(nested);
            if (w == null || !w.word.value().equals("in")) {
                pos = save;
            }
            break;
        }
        caseDepth++;
        expectCasePattern = true;
    }

    private static boolean isAssignment(String raw) {
        int i = 0;
        if (raw.isEmpty() || !(Character.isLetter(raw.charAt(0)) || raw.charAt(0) == '_')) {
            return false;
        }
        while (i < raw.length() && (Character.isLetterOrDigit(raw.charAt(i)) || raw.charAt(i) == '_')) {
            i++;
        }
        if (i < raw.length() && raw.charAt(i) == '[') { // arr[i]=x
            int close = raw.indexOf(']', i);
            if (close < 0) {
                return false;
            }
            i = close + 1;
        }
        return raw.startsWith("=", i) || raw.startsWith("+=", i);
    }

    /** Reads a redirection at pos ({@code >f}, {@code 2>&1}, {@code <<EOF}, {@code <<<w}); false when there is none. */
    private boolean redirection(List<String> heredocs, List<ShellCommand> nested) {
        int i = pos;
        while (i < end && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i < end && s.charAt(i) == '{') { // {fd}>file
            int close = s.indexOf('}', i);
            if (close > 0 && close + 1 < end && (s.charAt(close + 1) == '>' || s.charAt(close + 1) == '<')) {
                i = close + 1;
            }
        }
        boolean ampersand = false;
        if (i == pos && at("&>")) {
            ampersand = true;
            i += 1;
        }
        if (i >= end || (s.charAt(i) != '<' && s.charAt(i) != '>')) {
            return false;
        }
        pos = i;
        if (!ampersand && at("<<<")) {
            pos += 3;
        } else if (!ampersand && at("<<")) {
            pos += 2;
            boolean strip = false;
            if (pos < end && s.charAt(pos) == '-') {
                strip = true;
                pos++;
            }
            skipBlanks();
            Word delim = word(nested);
            if (delim != null) {
                String name = delim.word.value();
                pendingHeredocs.add(new String[] {name, strip ? "-" : ""});
                heredocs.add(name);
            }
            return true;
        } else {
            pos++; // < or >
            if (pos < end && (s.charAt(pos) == '>' || s.charAt(pos) == '&' || s.charAt(pos) == '|')) {
                pos++;
            }
        }
        skipBlanks();
        if (pos < end && !isOperatorStart(s.charAt(pos))) {
            word(nested);
        }
        return true;
    }

    /** After a line that opened here-documents: their bodies, up to each delimiter line. */
    private void skipHeredocBodies() {
        for (String[] h : pendingHeredocs) {
            while (pos < end) {
                int nl = s.indexOf('\n', pos);
                int lineEnd = nl < 0 || nl > end ? end : nl;
                String line = s.substring(pos, lineEnd);
                if (h[1].equals("-")) {
                    line = line.replaceFirst("^\t+", "");
                }
                pos = lineEnd < end ? lineEnd + 1 : end;
                if (line.strip().equals(h[0]) || line.equals(h[0])) {
                    break;
                }
            }
        }
        pendingHeredocs.clear();
    }

    private void skipBalanced(char open, char close) {
        int depth = 0;
        char quote = 0;
        while (pos < end) {
            char c = s.charAt(pos++);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    pos++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                pos++;
            } else if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
                if (depth == 0) {
                    // "((...))": both closing parentheses
                    if (open == '(' && pos < end && s.charAt(pos) == ')' ) {
                        pos++;
                    }
                    return;
                }
            }
        }
    }

    /** A word and whether any of it was quoted (quoted words are never keywords or assignments). */
    private record Word(ShellWord word, boolean quoted) {
    }

    /** Reads one word at pos; null when pos is not at a word. Commands substituted into it go to {@code nested}. */
    private Word word(List<ShellCommand> nested) {
        int start = pos;
        StringBuilder v = new StringBuilder();
        boolean quoted = false;
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<'
                    || c == '>' || c == ')') {
                break;
            }
            if (c == '(') {
                if (v.length() > 0 && v.charAt(v.length() - 1) == '=') { // arr=(a b)
                    int from = pos;
                    skipBalanced('(', ')');
                    v.append(s, from, pos);
                    continue;
                }
                break;
            }
            switch (c) {
                case '\\' -> {
                    if (pos + 1 < end) {
                        if (s.charAt(pos + 1) != '\n') {
                            v.append(s.charAt(pos + 1));
                        }
                        pos += 2;
                    } else {
                        pos++;
                    }
                }
                case '\'' -> {
                    quoted = true;
                    int close = s.indexOf('\'', pos + 1);
                    int stop = close < 0 || close >= end ? end : close;
                    v.append(s, pos + 1, stop);
                    pos = Math.min(end, stop + 1);
                }
                case '"' -> {
                    quoted = true;
                    pos++;
                    doubleQuoted(v, nested);
                }
                case '$' -> dollar(v, nested);
                case '`' -> {
                    backtick(nested);
                    v.append("${VAR}");
                }
                default -> {
                    v.append(c);
                    pos++;
                }
            }
        }
        if (pos == start) {
            return null;
        }
        return new Word(new ShellWord(v.toString(), start, pos), quoted);
    }

    /** The inside of "...", pos after the opening quote; leaves pos after the closing one. */
    private void doubleQuoted(StringBuilder v, List<ShellCommand> nested) {
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < end) {
                char n = s.charAt(pos + 1);
                if (n == '\n') {
                    pos += 2;
                    continue;
                }
                if (n == '$' || n == '`' || n == '"' || n == '\\') {
                    v.append(n);
                    pos += 2;
                    continue;
                }
                v.append(c);
                pos++;
                continue;
            }
            if (c == '$') {
                dollar(v, nested);
                continue;
            }
            if (c == '`') {
                backtick(nested);
                v.append("${VAR}");
                continue;
            }
            v.append(c);
            pos++;
        }
    }

    /** A {@code $} expansion at pos. */
    private void dollar(StringBuilder v, List<ShellCommand> nested) {
        char n = peek(1);
        if (n == '\'') { // $'...' with C escapes
            pos += 2;
            while (pos < end && s.charAt(pos) != '\'') {
                if (s.charAt(pos) == '\\' && pos + 1 < end) {
                    v.append(s.charAt(pos + 1));
                    pos += 2;
                } else {
                    v.append(s.charAt(pos++));
                }
            }
            pos = Math.min(end, pos + 1);
        } else if (n == '"') {
            pos += 2;
            doubleQuoted(v, nested);
        } else if (n == '(' && peek(2) == '(') {
            pos++;
            skipBalanced('(', ')');
            v.append("${VAR}");
        } else if (n == '(') {
            pos += 2;
            ShellScript inner = script;
            int before = inner.commands.size();
            ShellParser sub = new ShellParser(script, s, pos, end);
            sub.list(true);
            pos = sub.pos;
            // commands of the substitution come after the command they are part of
            List<ShellCommand> found = new ArrayList<>(script.commands.subList(before, script.commands.size()));
            script.commands.subList(before, script.commands.size()).clear();
            nested.addAll(found);
            v.append("${VAR}");
        } else if (n == '{') {
            int from = pos + 2;
            int depth = 0;
            pos += 2;
            while (pos < end) {
                char c = s.charAt(pos);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                }
                pos++;
            }
            v.append("${").append(s, from, Math.min(pos, end)).append('}');
            pos = Math.min(end, pos + 1);
        } else if (Character.isLetter(n) || n == '_') {
            int from = pos + 1;
            pos++;
            while (pos < end && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            v.append("${").append(s, from, pos).append('}');
        } else if (Character.isDigit(n) || "@*#?-$!".indexOf(n) >= 0 && n != '\0') {
            v.append("${").append(n).append('}');
            pos += 2;
        } else {
            v.append('$');
            pos++;
        }
    }

    /** A backquoted command substitution at pos: its commands are read as a script of their own. */
    private void backtick(List<ShellCommand> nested) {
        int from = pos + 1;
        int i = from;
        while (i < end && s.charAt(i) != '`') {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        int stop = Math.min(i, end);
        int before = script.commands.size();
        new ShellParser(script, s, from, stop).list(false);
        List<ShellCommand> found = new ArrayList<>(script.commands.subList(before, script.commands.size()));
        script.commands.subList(before, script.commands.size()).clear();
        nested.addAll(found);
        pos = Math.min(end, stop + 1);
    }
}
