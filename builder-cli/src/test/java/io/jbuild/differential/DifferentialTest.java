package io.jbuild.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.jbuild.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential suite: every directory of {@code testdata/differential/} is built by docker's BuildKit and by
 * jbuild from the same context and the same busybox base, and the two images must have the same config and the
 * same file tree (see {@link CaseRunner}), apart from differences listed with their reasons in
 * {@code accepted.json}. The report goes to {@code target/differential/report.md}.
 *
 * <p>Runs only with {@code -Pdifferential} (tag {@code differential}, system property {@code jbuild.differential=true};
 * from an IDE, set that property), and is skipped when no docker daemon answers.
 * {@code -Djbuild.differential.cases=REGEX} picks cases by name.
 */
@Tag("differential")
class DifferentialTest {

    /** The name every case's Dockerfile uses for the base image, in both builders. */
    static final String BASE = "jbuild-differential/busybox:base";

    private static final Path WORK = Path.of("target", "differential").toAbsolutePath();
    private static final DifferentialReport REPORT = new DifferentialReport();
    private static CaseRunner runner;

    @BeforeAll
    static void setUp() throws IOException {
        assumeTrue(Boolean.getBoolean("jbuild.differential"), "differential suite: run with -Pdifferential");
        Files.createDirectories(WORK);
        Peers peers = Peers.discover(WORK);
        Optional<String> unavailable = peers.dockerUnavailable();
        assumeTrue(unavailable.isEmpty(), () -> "differential suite skipped: " + unavailable.orElse(""));

        Path baseArchive = peers.busyboxArchive();
        CaseRunner.deleteTree(WORK.resolve("base"));
        ImageArchive base = ImageArchive.open(baseArchive, WORK.resolve("base"));
        String archivedName = base.repoTags().get(0);
        DockerBuilder docker = new DockerBuilder(peers, WORK.resolve("logs"));
        Path store = WORK.resolve("jbuild-store");
        CaseRunner.deleteTree(store);
        JbuildBuilder jbuild = new JbuildBuilder(store);
        docker.loadBase(baseArchive, archivedName, BASE);
        jbuild.loadBase(baseArchive, archivedName, BASE);
        String dockerBaseId = docker.imageId(BASE, WORK.resolve("logs/docker-inspect.log"));
        assertThat(dockerBaseId).as("docker's base image is the archive's").isEqualTo(base.imageId());

        REPORT.header("base image: " + BASE + " = " + base.imageId() + " (from " + baseArchive + ")");
        REPORT.header("docker: " + Files.readString(WORK.resolve("logs/docker-version.log")).strip()
                + " (BuildKit built in, `DOCKER_BUILDKIT=1 docker build --no-cache --network host`)");
        REPORT.header("context mtimes set to " + CaseContext.CONTEXT_MTIME);
        runner = new CaseRunner(docker, jbuild, AcceptedDifferences.read(casesDir().resolve("accepted.json")), WORK);
    }

    @TestFactory
    Stream<DynamicTest> differential() throws IOException {
        Pattern only = Pattern.compile(System.getProperty("jbuild.differential.cases", ".*"));
        List<Path> cases;
        try (Stream<Path> s = Files.list(casesDir())) {
            cases = s.filter(p -> Files.isRegularFile(p.resolve("Dockerfile")))
                    .filter(p -> only.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        assertThat(cases).as("cases in " + casesDir()).isNotEmpty();
        return cases.stream().map(dir -> dynamicTest(dir.getFileName().toString(), () -> {
            CaseResult r = runner.run(CaseSpec.read(dir));
            REPORT.add(r);
            assertThat(r.differences()).as("differences from BuildKit (details in %s)", WORK.resolve("report.md"))
                    .withFailMessage(() -> r.differences().stream().map(Difference::format)
                            .collect(Collectors.joining("\n  ", "differences from BuildKit:\n  ", "")))
                    .isEmpty();
        }));
    }

    @AfterAll
    static void writeReport() throws IOException {
        if (runner != null) {
            REPORT.write(WORK.resolve("report.md"));
            System.out.println(REPORT.render());
        }
    }

    private static Path casesDir() {
        return CliRunner.testdata().resolve("differential");
    }
}
