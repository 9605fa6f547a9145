package io.jbuild.maven;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image name a project gets when its POM names none: {@code artifactId:version}, made into a valid reference.
 * Repository names must be lower case with single separators ({@code My__App..X} is not one); tags allow
 * {@code [A-Za-z0-9_.-]}, at most 128, not starting with {@code .} or {@code -} ({@code 1.0+build} is not one).
 */
final class DefaultTag {

    private static final Pattern ALNUM_OR_SEPARATORS = Pattern.compile("[a-z0-9]+|[^a-z0-9]+");
    private static final Pattern VALID_SEPARATOR = Pattern.compile("[._]|__|-+");
    private static final int MAX_TAG = 128;

    private DefaultTag() {
    }

    static String of(String artifactId, String version) {
        return repository(artifactId) + ":" + tag(version);
    }

    /** Lower case; a run of characters a repository name cannot hold between two words becomes one {@code -}. */
    static String repository(String artifactId) {
        String lower = artifactId.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        Matcher m = ALNUM_OR_SEPARATORS.matcher(lower);
        while (m.find()) {
            String part = m.group();
            char first = part.charAt(0);
            if ((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9')) {
                out.append(part);
            } else if (out.length() > 0 && m.end() < lower.length()) {
                // separators only between words: leading and trailing ones are dropped
                out.append(VALID_SEPARATOR.matcher(part).matches() ? part : "-");
            }
        }
        return out.length() == 0 ? "image" : out.toString();
    }

    /** Characters a tag cannot hold become {@code -}; a leading {@code .} or {@code -} is dropped. */
    static String tag(String version) {
        String t = version.replaceAll("[^A-Za-z0-9_.-]", "-").replaceFirst("^[.-]+", "");
        if (t.isEmpty()) {
            return "latest";
        }
        return t.length() > MAX_TAG ? t.substring(0, MAX_TAG) : t;
    }
}
