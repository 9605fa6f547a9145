package io.jbuild.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading the model by hand ({@link ModelReader} over {@link JsonTree}): every field lands where the writer takes
 * it from, and errors name the field. The expected canonical bytes were first checked equal to what Jackson's data
 * binding of the records read and wrote, before reading moved off it.
 */
class OciJsonReadingTest {

    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String DOCKER_CONFIG = "{\"architecture\":\"amd64\",\"variant\":\"v2\",\"os\":\"linux\","
            + "\"os.features\":[\"f\"],\"author\":\"me\",\"created\":\"2023-05-24T01:32:45.623456789Z\","
            + "\"config\":{\"Hostname\":\"\",\"User\":\"app\",\"Tty\":false,\"ExposedPorts\":{\"80/tcp\":{},\"443/tcp\":{}},"
            + "\"Env\":[\"PATH=/usr/bin\",\"A=b\"],\"Cmd\":null,\"Entrypoint\":[\"/e.sh\"],\"Volumes\":{\"/data\":{}},"
            + "\"WorkingDir\":\"/srv\",\"Labels\":{\"maintainer\":\"N\",\"z\":\"\"},\"StopSignal\":\"SIGQUIT\","
            + "\"ArgsEscaped\":true,\"OnBuild\":[\"RUN x\"],\"Shell\":[\"/bin/bash\",\"-c\"],"
            + "\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":30000000000,\"Retries\":3,\"Future\":[1,2.5]}},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D1 + "\",\"" + D2 + "\"],\"x\":null},"
            + "\"history\":[{\"created\":\"2023-05-24T01:32:45Z\",\"created_by\":\"ADD f /\",\"comment\":\"c\"},"
            + "{\"created_by\":\"CMD\",\"empty_layer\":true,\"author\":\"a\",\"n\":123456789012345678901234567890}],"
            + "\"container_config\":{\"Cmd\":[\"sh\"],\"deep\":{\"a\":[{\"b\":false}]}},\"docker_version\":\"24.0.5\"}";

    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"artifactType\":\"application/x\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
            + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2,"
            + "\"data\":\"e30=\"},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
            + "\"digest\":\"" + D1 + "\",\"size\":9000000000,\"urls\":[\"https://example.com/l\"],\"x-future\":{\"k\":1}}],"
            + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D2 + "\","
            + "\"size\":7},\"annotations\":{\"b\":\"2\",\"a\":\"1\"},\"unknownTop\":\"kept\"}";

    private static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
            + "\"manifests\":[{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"digest\":\"" + D1
            + "\",\"size\":1,\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\",\"features\":[\"sse4\"]}},"
            + "{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"digest\":\"" + D2 + "\","
            + "\"size\":2,\"platform\":{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.17763\","
            + "\"os.features\":[\"win32k\"]},\"annotations\":{\"org.opencontainers.image.ref.name\":\"a:1\"}}]}";

    private static String written(String name) throws Exception {
        try (var in = OciJsonReadingTest.class.getResourceAsStream(name + ".written.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void whatIsReadIsWrittenBackCanonically() throws Exception {
        ImageConfig config = OciJson.read(utf8(DOCKER_CONFIG), ImageConfig.class);
        assertThat(OciJson.writeString(config)).isEqualTo(written("docker-config"));
        ImageManifest manifest = OciJson.read(utf8(MANIFEST), ImageManifest.class);
        assertThat(OciJson.writeString(manifest)).isEqualTo(written("manifest"));
        ImageIndex index = OciJson.read(utf8(INDEX), ImageIndex.class);
        assertThat(OciJson.writeString(index)).isEqualTo(written("index"));
        assertThat(Manifest.parse(utf8(INDEX), null)).isEqualTo(index);
        assertThat(Manifest.parse(utf8(MANIFEST), null)).isEqualTo(manifest);
        // Reading the canonical form again gives the same value.
        assertThat(OciJson.read(OciJson.write(config), ImageConfig.class)).isEqualTo(config);
        assertThat(OciJson.read(OciJson.write(manifest), ImageManifest.class)).isEqualTo(manifest);
        assertThat(OciJson.read(OciJson.write(index), ImageIndex.class)).isEqualTo(index);
    }

    @Test
    void everyFieldLandsInItsComponent() throws Exception {
        ImageConfig config = OciJson.read(utf8(DOCKER_CONFIG), ImageConfig.class);
        assertThat(config.created()).isEqualTo("2023-05-24T01:32:45.623456789Z");
        assertThat(config.author()).isEqualTo("me");
        assertThat(config.platform().format()).isEqualTo("linux/amd64/v2");
        assertThat(config.osFeatures()).containsExactly("f");
        ContainerConfig c = config.config();
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.exposedPorts()).containsExactly("443/tcp", "80/tcp");
        assertThat(c.env()).containsExactly("PATH=/usr/bin", "A=b");
        assertThat(c.cmd()).isEmpty();
        assertThat(c.entrypoint()).containsExactly("/e.sh");
        assertThat(c.volumes()).containsExactly("/data");
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.labels()).containsEntry("maintainer", "N").containsEntry("z", "");
        assertThat(c.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(c.argsEscaped()).isTrue();
        assertThat(c.onBuild()).containsExactly("RUN x");
        assertThat(c.shell()).containsExactly("/bin/bash", "-c");
        assertThat(c.healthcheck().test()).containsExactly("CMD", "true");
        assertThat(c.healthcheck().interval()).isEqualTo(30_000_000_000L);
        assertThat(c.healthcheck().retries()).isEqualTo(3);
        assertThat(c.healthcheck().extra()).containsOnlyKeys("Future");
        assertThat(c.extra()).containsOnlyKeys("Hostname", "Tty");
        assertThat(config.rootfs().diffIds()).extracting(Digest::toString).containsExactly(D1, D2);
        assertThat(config.rootfs().extra()).containsOnlyKeys("x");
        assertThat(config.history()).extracting(ImageConfig.History::createdBy).containsExactly("ADD f /", "CMD");
        assertThat(config.history().get(1).isEmptyLayer()).isTrue();
        assertThat(config.history().get(1).author()).isEqualTo("a");
        assertThat(config.history().get(0).comment()).isEqualTo("c");
        assertThat(config.history().get(1).extra().get("n").bigIntegerValue())
                .hasToString("123456789012345678901234567890");
        assertThat(config.extra()).containsOnlyKeys("container_config", "docker_version");

        ImageManifest m = OciJson.read(utf8(MANIFEST), ImageManifest.class);
        assertThat(m.artifactType()).isEqualTo("application/x");
        assertThat(m.config().data()).isEqualTo("e30=");
        assertThat(m.layers().get(0).size()).isEqualTo(9_000_000_000L);
        assertThat(m.layers().get(0).urls()).containsExactly("https://example.com/l");
        assertThat(m.layers().get(0).extra()).containsOnlyKeys("x-future");
        assertThat(m.subject().digest()).hasToString(D2);
        assertThat(m.annotations()).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(m.extra()).containsOnlyKeys("unknownTop");

        ImageIndex index = OciJson.read(utf8(INDEX), ImageIndex.class);
        Platform arm = index.manifests().get(0).platform();
        assertThat(arm.format()).isEqualTo("linux/arm/v7");
        assertThat(arm.extra()).containsOnlyKeys("features");
        Platform windows = index.manifests().get(1).platform();
        assertThat(windows.osVersion()).isEqualTo("10.0.17763");
        assertThat(windows.osFeatures()).containsExactly("win32k");
        assertThat(index.manifests().get(1).refName()).contains("a:1");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsPath() {
        String badSize = MANIFEST.replace("\"size\":9000000000", "\"size\":\"9\"");
        assertThatThrownBy(() -> OciJson.read(utf8(badSize), ImageManifest.class))
                .hasMessage("invalid ImageManifest: \"layers[0].size\": expected a whole number, got a string");
        String badEnv = DOCKER_CONFIG.replace("\"A=b\"", "7");
        assertThatThrownBy(() -> OciJson.read(utf8(badEnv), ImageConfig.class))
                .hasMessage("invalid ImageConfig: \"config.Env[1]\": expected a string, got a number");
        String badDigest = DOCKER_CONFIG.replace(D2, "sha256:XYZ");
        assertThatThrownBy(() -> OciJson.read(utf8(badDigest), ImageConfig.class))
                .hasMessageContaining("\"rootfs.diff_ids[1]\"").hasMessageContaining("sha256:XYZ");
        String badPorts = DOCKER_CONFIG.replace("{\"80/tcp\":{},\"443/tcp\":{}}", "[\"80/tcp\"]");
        assertThatThrownBy(() -> OciJson.read(utf8(badPorts), ImageConfig.class))
                .hasMessageContaining("\"config.ExposedPorts\": expected an object");
        String fraction = MANIFEST.replace("\"size\":9000000000", "\"size\":1.5");
        assertThatThrownBy(() -> OciJson.read(utf8(fraction), ImageManifest.class))
                .hasMessageContaining("\"layers[0].size\": expected a whole number, got a number");
        String nullLayer = MANIFEST.replace("\"layers\":[{", "\"layers\":[null,{");
        assertThatThrownBy(() -> OciJson.read(utf8(nullLayer), ImageManifest.class))
                .hasMessageContaining("\"layers[0]\": null in an array");
        String labels = DOCKER_CONFIG.replace("\"z\":\"\"", "\"z\":[]");
        assertThatThrownBy(() -> OciJson.read(utf8(labels), ImageConfig.class))
                .hasMessageContaining("\"config.Labels.z\": expected a string, got an array");
    }

    @Test
    void whatTheRecordsRefuseIsAnIOExceptionNamingTheObject() {
        String negative = MANIFEST.replace("\"size\":7", "\"size\":-7");
        assertThatThrownBy(() -> OciJson.read(utf8(negative), ImageManifest.class))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("\"subject\"").hasMessageContaining("negative size -7");
        assertThatThrownBy(() -> OciJson.read(utf8("{\"schemaVersion\":2,\"layers\":[]}"), ImageManifest.class))
                .isInstanceOf(IOException.class).hasMessageContaining("manifest without config");
        assertThatThrownBy(() -> OciJson.read(utf8("{\"manifests\":[{\"size\":1}]}"), ImageIndex.class))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("\"manifests[0]\"").hasMessageContaining("descriptor without digest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":1,\"a\":2}", "{} {}", "{}x", "[1]", "null", "\"text\"",
        "{\"schemaVersion\":2,\"manifests\":[],}", "{\"schemaVersion\":99999999999,\"manifests\":[]}"})
    void malformedDocumentsAreIOExceptions(String json) {
        assertThatThrownBy(() -> OciJson.read(utf8(json), ImageIndex.class)).isInstanceOf(IOException.class);
    }

    @Test
    void duplicateKeysAreRefusedAtAnyDepth() {
        String duplicate = MANIFEST.replace("\"size\":7", "\"size\":7,\"size\":8");
        assertThatThrownBy(() -> OciJson.read(utf8(duplicate), ImageManifest.class))
                .hasMessageContaining("Duplicate field 'size'");
        assertThatThrownBy(() -> OciJson.readTree(utf8("[{\"a\":{\"b\":1,\"b\":1}}]")))
                .hasMessageContaining("Duplicate field 'b'");
    }

    @Test
    void treesAreWrittenBackAsRead() throws Exception {
        String json = "{\"b\":[1,-2,3.25,true,false,null,\"s\\u0001\\\"\"],\"a\":{\"big\":123456789012345678901234567890,"
                + "\"long\":9000000000,\"e\":[],\"o\":{}}}";
        assertThat(new String(OciJson.writeTree(OciJson.readTree(utf8(json))), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void numbersBecomeTheNodesJacksonMakesAndHugeOnesAreRefused() throws Exception {
        JsonNode tree = JsonTree.parse(utf8("{\"i\":2147483647,\"n\":-2147483648,\"l\":2147483648,"
                + "\"m\":-9223372036854775808,\"b\":9223372036854775808,\"f\":-2.5e3,\"z\":0}"));
        assertThat(tree.get("i").isInt()).isTrue();
        assertThat(tree.get("n").isInt()).isTrue();
        assertThat(tree.get("l").isLong()).isTrue();
        assertThat(tree.get("m").isLong()).isTrue();
        assertThat(tree.get("m").longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(tree.get("b").isBigInteger()).isTrue();
        assertThat(tree.get("b").bigIntegerValue()).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(tree.get("f").isDouble()).isTrue();
        assertThat(tree.get("f").doubleValue()).isEqualTo(-2500.0);
        assertThat(tree.get("z").isInt()).isTrue();
        // A number of thousands of digits is refused as it is read (Jackson's limit), never handed to BigInteger.
        assertThatThrownBy(() -> JsonTree.parse(utf8("{\"n\":" + "9".repeat(5000) + "}")))
                .hasMessageContaining("Number value length");
    }
}
