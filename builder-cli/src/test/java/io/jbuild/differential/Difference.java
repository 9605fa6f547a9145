package io.jbuild.differential;

/**
 * One way the two images differ.
 *
 * @param category what kind of property: {@code config}, {@code file.presence}, {@code file.type},
 *                 {@code file.mode}, {@code file.owner}, {@code file.content}, {@code file.symlink},
 *                 {@code file.device}, {@code file.xattrs}, {@code hardlinks}, {@code anomaly}, {@code outcome}
 * @param subject  the config field ({@code Cmd}, {@code author}) or the path
 * @param docker   the value in BuildKit's image ({@code absent} when it has none)
 * @param jbuild   the value in jbuild's image
 */
record Difference(String category, String subject, String docker, String jbuild) {

    static final String ABSENT = "absent";

    String format() {
        return category + " " + subject + ": docker=" + docker + " jbuild=" + jbuild;
    }
}
