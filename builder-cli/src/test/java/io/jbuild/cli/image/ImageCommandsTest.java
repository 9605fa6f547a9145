package io.jbuild.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.cli.Main;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Platform;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The store commands through picocli's real entry point, in process, on a store in a temp directory. */
class ImageCommandsTest {

    private record Outcome(int exitCode, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    @TempDir
    Path root;

    private ImageStore store;

    @BeforeEach
    void openStore() throws Exception {
        store = ImageStore.open(root);
    }

    private Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine(args);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        List<String> withRoot = new ArrayList<>(List.of(args));
        withRoot.add(1, "--root=" + root);
        int code = cli.execute(withRoot.toArray(String[]::new));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** An image whose layers are the given byte counts, made {@code age} ago. */
    private ResolvedImage image(String name, Duration age, int... layerSizes) throws Exception {
        List<Descriptor> layers = new ArrayList<>();
        for (int size : layerSizes) {
            byte[] content = new byte[size];
            content[0] = (byte) name.hashCode();
            content[size - 1] = (byte) size;
            layers.add(store.blobs().put(content).descriptor(MediaTypes.OCI_LAYER_GZIP));
        }
        ImageConfig config = ImageConfig.of(Platform.host(), ContainerConfig.empty().withCmd(List.of("echo", name)),
                layers.stream().map(Descriptor::digest).toList()).withCreated(Instant.now().minus(age));
        store.tag(ImageReference.parse(name), store.putImage(config, layers));
        return store.resolve(name);
    }

    @Test
    void imagesOfAnEmptyStoreIsTheHeader() {
        Outcome o = run("images");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).isEqualTo("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
    }

    @Test
    void imagesTableLikeDocker() throws Exception {
        ResolvedImage nginx = image("nginx:latest", Duration.ofDays(15), 1_200_000, 34_000);
        ResolvedImage app = image("localhost:5000/team/app:v1", Duration.ofHours(3), 700);
        Outcome o = run("images");
        assertThat(o.exitCode()).as(o.err()).isZero();
        String appSize = HumanUnits.size(app.size());
        String nginxSize = HumanUnits.size(nginx.size());
        assertThat(nginxSize).isEqualTo("1.23MB");
        assertThat(o.lines()).containsExactly(
                "REPOSITORY                TAG       IMAGE ID       CREATED       SIZE",
                "localhost:5000/team/app   v1        " + app.imageId().shortHex() + "   3 hours ago   " + appSize,
                "nginx                     latest    " + nginx.imageId().shortHex() + "   2 weeks ago   " + nginxSize);
    }

    @Test
    void imagesFormatWithDockersTemplatesAndTable() throws Exception {
        ResolvedImage nginx = image("nginx:latest", Duration.ofDays(15), 1_200_000, 34_000);
        ResolvedImage app = image("localhost:5000/team/app:v1", Duration.ofHours(3), 700);
        // the default table, asked for by name, is the listing itself
        assertThat(run("images", "--format", "table").out()).isEqualTo(run("images").out());
        // a typed \t is a tab, as docker reads it
        assertThat(run("images", "--format", "{{.Repository}}:{{.Tag}}\\t{{.ID}}").lines()).containsExactly(
                "localhost:5000/team/app:v1\t" + app.imageId().shortHex(), "nginx:latest\t" + nginx.imageId().shortHex());
        assertThat(run("images", "--format", "table {{.Tag}}\t{{.Size}}\t{{.CreatedSince}}").lines()).containsExactly(
                "TAG       SIZE      CREATED",
                "v1        " + String.format("%-10s", HumanUnits.size(app.size())) + "3 hours ago",
                "latest    1.23MB    2 weeks ago");
        assertThat(run("images", "--no-trunc", "--format", "{{.ID}} {{.Digest}} {{.CreatedAt}}", "nginx").out())
                .matches(Pattern.quote(nginx.imageId() + " " + nginx.target().digest() + " ")
                        + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000 UTC\n");
        Outcome bad = run("images", "--format", "{{.ID");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("template parsing error: template: :1:1: unclosed action\n");
    }

    @Test
    void quietPrintsEachIdOnceAndNoTruncPrintsFullIds() throws Exception {
        ResolvedImage a = image("a", Duration.ofMinutes(1), 10);
        run("tag", "a", "erectbranch/a:1");
        ResolvedImage b = image("b", Duration.ofMinutes(2), 20);
        assertThat(run("images", "-q").lines()).containsExactly(a.imageId().shortHex(), b.imageId().shortHex());
        assertThat(run("images", "-q", "--no-trunc").lines())
                .containsExactly(a.imageId().toString(), b.imageId().toString());
        assertThat(run("images").lines()).hasSize(4);
    }

    @Test
    void imagesFilteredByRepository() throws Exception {
        image("nginx:1", Duration.ofMinutes(1), 10);
        image("nginx:2", Duration.ofMinutes(2), 11);
        image("other", Duration.ofMinutes(3), 12);
        assertThat(run("images", "nginx").lines()).hasSize(3);
        assertThat(run("images", "docker.io/library/nginx:2").lines()).hasSize(2);
        Outcome bad = run("images", "Nginx");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo(
                "jbuild images: invalid reference format: repository name must be lowercase: \"Nginx\"\n");
    }

    @Test
    void tagAsInTheSeed() throws Exception {
        ResolvedImage nginx = image("nginx:latest", Duration.ofDays(1), 100);
        Outcome o = run("tag", "nginx:latest", "erectbranch/nginx:1");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).isEmpty();
        assertThat(store.resolve("erectbranch/nginx:1").imageId()).isEqualTo(nginx.imageId());
        assertThat(store.lookup(ImageReference.parse("docker.io/erectbranch/nginx:1"))).isPresent();
        // by ID, and a TARGET without tag means :latest
        assertThat(run("tag", nginx.imageId().shortHex(), "localhost:5000/copy").exitCode()).isZero();
        assertThat(store.resolve("localhost:5000/copy:latest").imageId()).isEqualTo(nginx.imageId());
    }

    @Test
    void tagErrorsNameTheReference() throws Exception {
        image("nginx", Duration.ofDays(1), 100);
        Outcome upper = run("tag", "nginx", "Erectbranch/Nginx:1");
        assertThat(upper.exitCode()).isEqualTo(1);
        assertThat(upper.err()).isEqualTo("jbuild tag: \"Erectbranch/Nginx:1\": invalid reference format: "
                + "repository name must be lowercase: \"Nginx\"\n");
        Outcome badTag = run("tag", "nginx", "nginx:-1");
        assertThat(badTag.err()).isEqualTo("jbuild tag: \"nginx:-1\": invalid reference format: invalid tag: \"-1\"\n");
        Outcome missing = run("tag", "nosuch:1", "x");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("jbuild tag: no such image: nosuch:1\n");
        Outcome digest = run("tag", "nginx", "x@sha256:" + "0".repeat(64));
        assertThat(digest.exitCode()).isEqualTo(1);
        assertThat(digest.err()).contains("refusing to create a tag with a digest reference");
        Outcome usage = run("tag", "nginx");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).isEqualTo("missing required parameter: 'TARGET'\nSee 'jbuild tag --help'.\n");
    }

    @Test
    void rmiUntagsAndDeletes() throws Exception {
        ResolvedImage nginx = image("nginx", Duration.ofDays(1), 100);
        run("tag", "nginx", "erectbranch/nginx:1");
        Outcome first = run("rmi", "nginx");
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo("Untagged: nginx:latest\n");
        Outcome second = run("rmi", "erectbranch/nginx:1");
        assertThat(second.out()).isEqualTo("Untagged: erectbranch/nginx:1\nDeleted: " + nginx.imageId() + "\n");
        assertThat(run("images", "-q").out()).isEmpty();
    }

    @Test
    void rmiOfUnknownImagesGoesOnAndFails() throws Exception {
        image("keep", Duration.ofDays(1), 100);
        image("drop", Duration.ofDays(1), 100);
        Outcome o = run("rmi", "nosuch", "drop", "Bad");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.out()).isEqualTo("Untagged: drop:latest\nDeleted: " + "sha256:" + o.out().split("sha256:")[1]);
        assertThat(o.err()).isEqualTo("jbuild rmi: no such image: nosuch\njbuild rmi: no such image: Bad\n");
        assertThat(run("images").lines()).hasSize(2);
    }

    @Test
    void removeEverythingAsTheSeedDoes() throws Exception {
        image("nginx", Duration.ofDays(3), 100, 200);
        image("app:1", Duration.ofDays(2), 300);
        run("tag", "nginx", "erectbranch/nginx:1");
        List<String> ids = run("images", "-q").lines();
        assertThat(ids).hasSize(2);

        Outcome refused = run("rmi", ids.get(1));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("jbuild rmi: conflict: unable to delete " + ids.get(1)
                + " (must be forced) - image is referenced in multiple repositories\n");
        assertThat(run("images", "-q").lines()).isEqualTo(ids);

        List<String> rmi = new ArrayList<>(List.of("rmi"));
        rmi.addAll(ids);
        rmi.add("-f"); // docker rmi $(docker images -q) -f: the option after the arguments
        Outcome forced = run(rmi.toArray(String[]::new));
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("Untagged: nginx:latest", "Untagged: erectbranch/nginx:1", "Deleted: sha256:");
        assertThat(run("images", "-q").out()).isEmpty();
        assertThat(store.blobs().list()).isEmpty();
        assertThat(run("rmi").exitCode()).as("no IMAGE is a usage error, as in docker").isEqualTo(2);
    }

    @Test
    void inspectPrintsTheConfig() throws Exception {
        ResolvedImage nginx = image("nginx", Duration.ofDays(1), 100);
        Outcome o = run("inspect", "nginx");
        assertThat(o.exitCode()).as(o.err()).isZero();
        JsonNode config = OciJson.readTree(o.out().getBytes(StandardCharsets.UTF_8));
        assertThat(config.path("config").path("Cmd").get(1).asText()).isEqualTo("nginx");
        assertThat(config.path("rootfs").path("diff_ids")).hasSize(1);
        assertThat(config.path("architecture").asText()).isEqualTo(Platform.host().architecture());
        assertThat(o.out()).contains("\n  \"architecture\"");
        assertThat(run("inspect", nginx.imageId().shortHex()).out()).isEqualTo(o.out());
        Outcome missing = run("inspect", "nginx:2");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("jbuild inspect: no such image: nginx:2\n");
    }

    @Test
    void inspectFormatsDockersFieldsWithAGoTemplate() throws Exception {
        ResolvedImage nginx = image("nginx", Duration.ofDays(1), 100);
        Outcome o = run("inspect", "-f", "{{.Id}} {{.RepoTags}} {{.Os}}/{{.Architecture}} {{json .Config.Cmd}}"
                + " {{len .RootFS.Layers}} {{.Config.WorkingDir | printf \"%q\"}} {{.Nothing}}", "nginx");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).isEqualTo(nginx.imageId() + " [nginx:latest] linux/" + Platform.host().architecture()
                + " " + OciJson.writeString(nginx.config().config().cmd()) + " 1 \"\" <no value>\n");
        // one line per name; a missing one is named, the rest still printed, and the exit code says so
        Outcome two = run("inspect", "--format", "{{.Os}}", "nginx", "nginx:2", nginx.imageId().shortHex());
        assertThat(two.out()).isEqualTo("linux\nlinux\n");
        assertThat(two.err()).isEqualTo("jbuild inspect: no such object: nginx:2\n");
        assertThat(two.exitCode()).isEqualTo(1);
        // several names without a template: one JSON array of their configs
        JsonNode both = OciJson.readTree(run("inspect", "nginx", "nginx").out().getBytes(StandardCharsets.UTF_8));
        assertThat(both.isArray()).isTrue();
        assertThat(both).hasSize(2);
        assertThat(both.get(1).path("rootfs").path("diff_ids")).hasSize(1);

        Outcome bad = run("inspect", "-f", "{{.Os", "nginx");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("template parsing error: template: :1:1: unclosed action\n");
        Outcome failing = run("inspect", "-f", "{{.Os.Deeper}}", "nginx");
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.err()).isEqualTo("template: :1:3: executing \"\" at <.Os.Deeper>: can't evaluate field"
                + " Deeper in type string\n");
        Outcome notAContainer = run("inspect", "--type", "container", "nginx");
        assertThat(notAContainer.exitCode()).isEqualTo(1);
        assertThat(notAContainer.err()).isEqualTo("Error: No such container: nginx\n");
    }

    @Test
    void pruneReportsWhatItDeleted() throws Exception {
        image("kept", Duration.ofDays(1), 100);
        store.blobs().put(new byte[2500]);
        Outcome o = run("prune");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).startsWith("deleted: sha256:").endsWith("Total reclaimed space: 2.5kB\n");
        assertThat(run("prune").out()).isEqualTo("Total reclaimed space: 0B\n");
        assertThat(store.resolve("kept")).isNotNull();
    }

    @Test
    void helpListsTheStoreCommands() {
        Outcome help = run("--help");
        assertThat(help.out()).contains("images", "tag", "rmi", "inspect", "prune");
        Outcome images = run("images", "--help");
        assertThat(images.out()).contains("--root=DIR", "JBUILD_HOME");
    }
}
