package io.jbuild.core.build;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step's cache key: the SHA-256 of what decides the step's result, chained from the key before it. Each way a
 * key is made is one method here, so the text that is hashed (and with it every entry of the users' caches) is
 * written in one place. The texts are those of the first versions of the cache: changing one orphans the entries
 * made before, which is done on purpose only (as the {@code parents} marks say).
 *
 * @param hex the key, 64 lowercase hex digits
 */
record StepKey(String hex) {

    /** The start of a stage built {@code FROM scratch}. */
    static StepKey scratch(Platform platform) {
        return hash("scratch " + platform.format());
    }

    /** The start of a stage built on an image: its ID, whatever reference named it. */
    static StepKey image(Digest imageId) {
        return hash("image " + imageId);
    }

    /** This key followed by an instruction ({@code description}) with the variables it sees. */
    StepKey instruction(String description, Map<String, String> env) {
        return hash(hex + "\n" + description + "\n" + String.join("\n", env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }

    /** The layer of a WORKDIR that made its directory. "parents": layers made before carried no parent directories. */
    StepKey workdir(String dir, String user) {
        return hash(hex + "\nWORKDIR " + dir + "\n" + user + "\nparents");
    }

    /** What decides a RUN's layer, after this key. */
    StepKey run(RunInputs in) {
        return hash(hex + "\nRUN " + String.join("\u0000", in.args()) + in.script() + "\n" + in.mounts() + "\n"
                + in.mountSources() + in.network() + "\n" + in.user() + "\n" + in.workdir()
                + (in.hostname().isEmpty() ? "" : "\nhostname " + in.hostname()));
    }

    /**
     * What a RUN's result depends on besides the key before it.
     *
     * @param args         the process's arguments
     * @param script       a heredoc script's key text (empty without one)
     * @param mounts       the {@code --mount} values as written
     * @param mountSources what the bind mounts show ({@code bind context <hash> <src>} lines)
     * @param network      the step's network
     * @param hostname     a host name of its own ({@code hostname > f} writes it), empty for none
     */
    record RunInputs(List<String> args, String script, List<String> mounts, String mountSources, String network,
                     String user, String workdir, String hostname) {
    }

    /**
     * A COPY/ADD keyed before anything is copied: {@code instruction} is its {@link KeyText}, {@code inputs} the
     * lines naming what it copies (URLs with their checksums, ADD's unpack flag, heredoc bodies, a {@code --from}
     * stage's key or the context sources' content hash). "copy 3": COPY/ADD layers follow destination symlinks and
     * keep destination directories since version 2, carry their parent directories since 3; keys of layers made
     * before must not match.
     */
    StepKey copy(String instruction, String inputs) {
        return hash(hex + "\ncopy 3\n" + instruction + "\n" + inputs);
    }

    /** Where a {@code --link} copy's key starts when the working directory alone decides its layer. */
    static StepKey linkStart(String workingDir) {
        return hash("link\n" + workingDir);
    }

    /** A COPY/ADD whose key only its copied content can tell (the digest of what was copied). */
    StepKey copiedContent(String contentDigest) {
        return hash(hex + "\nparents\n" + contentDigest);
    }

    /** The chain after a {@code --link} layer keyed {@code layer}: the steps after it still follow the whole chain. */
    StepKey link(StepKey layer) {
        return hash(hex + "\nlink " + layer.hex);
    }

    /** The key of the image a build makes after this (its last) step: the same inputs give the same image ID. */
    StepKey image(Map<String, String> labels, Platform platform, Optional<Instant> sourceDateEpoch, int history) {
        return hash(hex + "\nimage\n" + labels + "\n" + platform.format() + "\n" + sourceDateEpoch + "\n" + history);
    }

    static StepKey hash(String text) {
        return new StepKey(sha256(text));
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(Digest.newMessageDigest(Digest.SHA256)
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return hex;
    }
}
