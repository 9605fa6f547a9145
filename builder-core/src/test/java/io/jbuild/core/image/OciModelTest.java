package io.jbuild.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.reference.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OCI / Docker models: reading real documents, keeping unknown fields, canonical writing. */
class OciModelTest {

    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);
    private static final String D3 = "sha256:" + "3".repeat(64);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reading then writing keeps every field, known or not (compared as JSON trees). */
    private static <T> T assertRoundTrip(String json, Class<T> type) throws IOException {
        T value = OciJson.read(utf8(json), type);
        JsonNode written = OciJson.readTree(OciJson.write(value));
        assertThat(written).isEqualTo(OciJson.readTree(utf8(json)));
        return value;
    }

    @Test
    void ociManifestWithArtifactTypeSubjectDataAndUnknownFields() throws Exception {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "artifactType":"application/vnd.example.sbom",
                 "config":{"mediaType":"application/vnd.oci.empty.v1+json",
                   "digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":10,
                   "urls":["https://example.com/l"],"annotations":{"b":"2","a":"1"},"x-future":{"nested":[1,true,null]}}],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":7,
                   "artifactType":"application/vnd.example"},
                 "annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z"},
                 "unknownTop":"kept"}
                """.formatted(D1, D2);
        ImageManifest m = assertRoundTrip(json, ImageManifest.class);
        assertThat(m.artifactType()).isEqualTo("application/vnd.example.sbom");
        assertThat(m.config().dataBytes()).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
        assertThat(m.layers().get(0).extra()).containsKey("x-future");
        assertThat(m.layers().get(0).urls()).containsExactly("https://example.com/l");
        assertThat(m.subject().artifactType()).isEqualTo("application/vnd.example");
        assertThat(m.extra().get("unknownTop").asText()).isEqualTo("kept");
        assertThat(Manifest.parse(utf8(json), null)).isEqualTo(m);
    }

    @Test
    void embeddedDataIsCheckedAgainstTheDigest() {
        Descriptor bad = new Descriptor(MediaTypes.OCI_EMPTY, Digest.parse(D1), 2, null, null, "e30=", null, null, null);
        assertThatThrownBy(bad::dataBytes).isInstanceOf(DigestMismatchException.class);
        Descriptor good = Descriptor.embedding(MediaTypes.OCI_EMPTY, utf8("{}"));
        assertThat(good.digest().toString())
                .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(good.data()).isEqualTo("e30=");
    }

    @Test
    void dockerManifestListWithPlatformFeatures() throws Exception {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
                 "manifests":[
                  {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":528,
                   "platform":{"architecture":"amd64","os":"linux"}},
                  {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":528,
                   "platform":{"architecture":"arm","os":"linux","variant":"v7","features":["sse4"]}},
                  {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":528,
                   "platform":{"architecture":"amd64","os":"windows","os.version":"10.0.17763.5329","os.features":["win32k"]}}]}
                """.formatted(D1, D2, D3);
        ImageIndex index = assertRoundTrip(json, ImageIndex.class);
        assertThat(index.manifests()).extracting(d -> d.platform().format())
                .containsExactly("linux/amd64", "linux/arm/v7", "windows/amd64");
        assertThat(index.manifests().get(1).platform().extra()).containsKey("features");
        assertThat(index.manifests().get(2).platform().osVersion()).isEqualTo("10.0.17763.5329");
        assertThat(Manifest.parse(utf8(json), null)).isInstanceOf(ImageIndex.class);
    }

    @Test
    void dockerManifestIsReadAsImageManifest() throws Exception {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                 "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1469,"digest":"%s"},
                 "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":2479,"digest":"%s"}]}
                """.formatted(D1, D2);
        Manifest m = Manifest.parse(utf8(json), "ignored/because-the-document-says");
        assertThat(m).isInstanceOfSatisfying(ImageManifest.class, im -> {
            assertThat(im.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
            assertThat(im.contentSize()).isEqualTo(1469 + 2479);
            assertThat(MediaTypes.isLayer(im.layers().get(0).mediaType())).isTrue();
        });
        assertRoundTrip(json, ImageManifest.class);
    }

    @Test
    void ociDocumentsWithoutMediaTypeAreRecognisedByShape() throws Exception {
        String index = "{\"schemaVersion\":2,\"manifests\":[]}";
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\"" + D1 + "\",\"size\":1},\"layers\":[]}";
        assertThat(Manifest.parse(utf8(index), null)).isInstanceOf(ImageIndex.class);
        assertThat(Manifest.parse(utf8(manifest), null)).isInstanceOf(ImageManifest.class);
        assertThat(Manifest.parse(utf8(index), MediaTypes.OCI_INDEX)).isInstanceOf(ImageIndex.class);
    }

    @Test
    void schema1AndUnknownTypesAreRejected() {
        assertThatThrownBy(() -> Manifest.parse(utf8("{\"schemaVersion\":1,\"name\":\"x\",\"fsLayers\":[]}"), null))
                .hasMessageContaining("schema 1");
        assertThatThrownBy(() -> Manifest.parse(utf8("{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}"), null))
                .hasMessage("unsupported manifest media type: text/plain");
        assertThatThrownBy(() -> Manifest.parse(utf8("[1]"), null)).hasMessageContaining("expected a JSON object");
    }

    @Test
    void dockerImageConfigKeepsEveryField() throws Exception {
        // The shape docker itself writes: nulls, legacy fields, container_config, Healthcheck in nanoseconds.
        String json = """
                {"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"app","AttachStdin":false,
                  "ExposedPorts":{"443/tcp":{},"80/tcp":{}},"Tty":false,"Env":["PATH=/usr/bin","A=b"],
                  "Cmd":["nginx","-g","daemon off;"],"Healthcheck":{"Test":["CMD-SHELL","curl -f http://localhost/"],
                  "Interval":30000000000,"Timeout":5000000000,"StartPeriod":1000000000,"StartInterval":2000000000,"Retries":3},
                  "Image":"sha256:abc","Volumes":{"/data":{}},"WorkingDir":"/srv","Entrypoint":["/docker-entrypoint.sh"],
                  "OnBuild":["RUN echo child"],"Labels":{"maintainer":"NGINX"},"StopSignal":"SIGQUIT","Shell":["/bin/bash","-c"],
                  "ArgsEscaped":true},
                 "container":"4d6b","container_config":{"Hostname":"4d6b","Cmd":["/bin/sh","-c","#(nop) CMD"]},
                 "created":"2023-05-24T01:32:45.623456789Z","docker_version":"20.10.23",
                 "history":[{"created":"2023-05-23T00:00:00Z","created_by":"/bin/sh -c #(nop) ADD file:abc in / "},
                   {"created":"2023-05-23T00:00:01Z","created_by":"/bin/sh -c #(nop)  CMD [\\"bash\\"]","empty_layer":true,
                    "comment":"buildkit.dockerfile.v0","author":"someone"}],
                 "os":"linux","rootfs":{"type":"layers","diff_ids":["%s","%s"]},"variant":"v2"}
                """.formatted(D1, D2);
        ImageConfig config = assertRoundTrip(json, ImageConfig.class);
        ContainerConfig c = config.config();
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.exposedPorts()).containsExactly("443/tcp", "80/tcp");
        assertThat(c.volumes()).containsExactly("/data");
        assertThat(c.env()).containsExactly("PATH=/usr/bin", "A=b");
        assertThat(c.entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.labels()).containsEntry("maintainer", "NGINX");
        assertThat(c.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(c.argsEscaped()).isTrue();
        assertThat(c.onBuild()).containsExactly("RUN echo child");
        assertThat(c.shell()).containsExactly("/bin/bash", "-c");
        assertThat(c.healthcheck().interval()).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(c.healthcheck().retries()).isEqualTo(3);
        assertThat(c.extra()).containsKeys("Hostname", "Tty", "Image");
        assertThat(config.extra()).containsKeys("container", "container_config", "docker_version");
        assertThat(config.history()).hasSize(2);
        assertThat(config.history().get(1).isEmptyLayer()).isTrue();
        assertThat(config.history().get(1).comment()).isEqualTo("buildkit.dockerfile.v0");
        assertThat(config.rootfs().diffIds()).extracting(Digest::toString).containsExactly(D1, D2);
        assertThat(config.platform().format()).isEqualTo("linux/amd64/v2");
        assertThat(config.createdInstant()).contains(Instant.parse("2023-05-24T01:32:45.623456789Z"));
    }

    @Test
    void nullsAndFalseAreDroppedAsGoWouldOmitThem() throws Exception {
        String json = "{\"architecture\":\"arm64\",\"os\":\"linux\",\"config\":{\"Env\":null,\"Cmd\":null,"
                + "\"ArgsEscaped\":false,\"Volumes\":null},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        ImageConfig config = OciJson.read(utf8(json), ImageConfig.class);
        assertThat(config.config().env()).isEmpty();
        assertThat(OciJson.writeString(config))
                .isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\",\"config\":{},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    }

    @Test
    void canonicalBytesGiveStableDigests() throws Exception {
        ContainerConfig run = new ContainerConfig("1000", Set.of("8080/tcp"), List.of("A=1"), List.of(), List.of("sh"),
                Set.of(), "/app", Map.of("z", "last", "a", "first"), null, false,
                ContainerConfig.Healthcheck.of(List.of("NONE"), null, null, null, null, 0), List.of(), List.of(), null);
        ImageConfig config = ImageConfig.of(Platform.of("linux", "amd64", null), run, List.of(Digest.parse(D1)))
                .withCreated(Instant.parse("1970-01-01T00:00:00Z"))
                .withHistory(List.of(ImageConfig.History.of("1970-01-01T00:00:00Z", "COPY . /app", false)));
        String expected = "{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"User\":\"1000\",\"ExposedPorts\":{\"8080/tcp\":{}},\"Env\":[\"A=1\"],\"Cmd\":[\"sh\"],"
                + "\"WorkingDir\":\"/app\",\"Labels\":{\"a\":\"first\",\"z\":\"last\"},\"Healthcheck\":{\"Test\":[\"NONE\"]}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D1 + "\"]},"
                + "\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"COPY . /app\"}]}";
        assertThat(OciJson.writeString(config)).isEqualTo(expected);
        // Same value, same bytes, however it was built or read.
        ImageConfig reread = OciJson.read(OciJson.write(config), ImageConfig.class);
        assertThat(reread).isEqualTo(config);
        assertThat(Digest.of(OciJson.write(reread))).isEqualTo(Digest.of(utf8(expected)));

        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.of(utf8(expected)), expected.length());
        ImageManifest manifest = ImageManifest.oci(configDescriptor,
                        List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.parse(D2), 42)))
                .withAnnotations(Map.of("org.opencontainers.image.title", "t", "a.first", "1"));
        assertThat(OciJson.writeString(manifest)).isEqualTo("{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDescriptor.digest() + "\",\"size\":" + expected.length() + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + D2
                + "\",\"size\":42}],\"annotations\":{\"a.first\":\"1\",\"org.opencontainers.image.title\":\"t\"}}");
        assertThat(Digest.of(OciJson.write(manifest)))
                .isEqualTo(Digest.of(OciJson.write(OciJson.read(OciJson.write(manifest), ImageManifest.class))));
    }

    @Test
    void emptyIndexAndManifestKeepRequiredArrays() {
        assertThat(OciJson.writeString(ImageIndex.oci(List.of())))
                .isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}");
        Descriptor empty = Descriptor.embedding(MediaTypes.OCI_EMPTY, utf8("{}"));
        assertThat(OciJson.writeString(ImageManifest.oci(empty, List.of()).withAnnotations(Map.of())))
                .contains("\"layers\":[]");
    }

    @Test
    void prettyIsGoStyle() throws Exception {
        String json = "{\"b\":[1,{\"x\":[]}],\"a\":{},\"c\":{\"d\":\"e\"}}";
        assertThat(OciJson.pretty(utf8(json))).isEqualTo(
                "{\n  \"b\": [\n    1,\n    {\n      \"x\": []\n    }\n  ],\n  \"a\": {},\n  \"c\": {\n    \"d\": \"e\"\n  }\n}");
    }

    @Test
    void descriptorHelpers() {
        Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(D1), 3)
                .withAnnotation(Descriptor.REF_NAME, "docker.io/library/a:1")
                .withPlatform(Platform.parse("linux/arm64/v8"))
                .withArtifactType("application/x");
        assertThat(d.refName()).contains("docker.io/library/a:1");
        assertThat(OciJson.writeString(d)).isEqualTo("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + D1 + "\",\"size\":3,\"annotations\":{\"org.opencontainers.image.ref.name\":"
                + "\"docker.io/library/a:1\"},\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"},"
                + "\"artifactType\":\"application/x\"}");
        assertThat(d.bare()).isEqualTo(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(D1), 3));
        assertThatThrownBy(() -> Descriptor.of(MediaTypes.OCI_LAYER, Digest.parse(D1), -1))
                .hasMessageContaining("negative size");
    }
    @Test
    void indexWrittenWithoutTheMapperHasTheMappersBytes() throws Exception {
        String list = """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
                 "manifests":[
                  {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":528,
                   "platform":{"architecture":"arm","os":"linux","variant":"v7","features":["sse4"],"a":null}},
                  {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,"urls":["http://x/é"],
                   "annotations":{"z":"1","a":"\\u0000\\"q"},"data":"e30=","artifactType":"application/x","zz":{"k":[1,true]},
                   "platform":{"architecture":"amd64","os":"windows","os.version":"10.0","os.features":["win32k"]}}],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":7},
                 "artifactType":"application/y","annotations":{"b":"2","a":"1"},"unknown":"kept","another":[{}]}
                """.formatted(D1, D2, D3);
        ImageIndex parsed = OciJson.read(utf8(list), ImageIndex.class);
        Descriptor tagged = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(D1), 3)
                .withAnnotation(Descriptor.REF_NAME, "docker.io/library/a:1").withPlatform(Platform.parse("linux/arm64/v8"));
        for (ImageIndex index : List.of(parsed, ImageIndex.oci(List.of()), ImageIndex.oci(List.of(tagged, tagged.bare())),
                new ImageIndex(2, null, null, List.of(), null, Map.of(), Map.of()))) {
            assertThat(new String(OciJson.writeIndex(index), StandardCharsets.UTF_8))
                    .isEqualTo(new String(OciJson.writeByMapper(index), StandardCharsets.UTF_8));
            assertThat(OciJson.write(index)).isEqualTo(OciJson.writeByMapper(index));
        }
    }
    @Test
    void manifestConfigAndDescriptorWrittenWithoutTheMapperHaveTheMappersBytes() throws Exception {
        String config = """
                {"created":"2024-01-02T03:04:05.123456789Z","author":"me é","architecture":"arm","os":"linux",
                 "os.version":"1","os.features":["f"],"variant":"v7",
                 "config":{"User":"app","ExposedPorts":{"80/tcp":{},"53/udp":{}},"Env":["A=1","B=\\u0000"],
                  "Entrypoint":["/e"],"Cmd":["c",""],"Volumes":{"/v":{},"/a":{}},"WorkingDir":"/w",
                  "Labels":{"z":"","a":"1"},"StopSignal":"SIGTERM","ArgsEscaped":true,
                  "Healthcheck":{"Test":["CMD","x"],"Interval":1000000000,"Timeout":2,"StartPeriod":3,
                   "StartInterval":4,"Retries":5,"Extra":[1.5,null]},
                  "OnBuild":["RUN x"],"Shell":["/bin/sh","-c"],"Hostname":"","Tty":false},
                 "rootfs":{"type":"layers","diff_ids":["%s","%s"],"more":1},
                 "history":[{"created":"2024-01-01T00:00:00Z","created_by":"ADD x /","author":"a","comment":"c",
                  "empty_layer":true,"x":{}},{"created_by":"RUN y"}],
                 "container_config":{"Cmd":["sh"]},"docker_version":"20.10"}
                """.formatted(D1, D2);
        ImageConfig rich = OciJson.read(utf8(config), ImageConfig.class);
        ImageConfig bare = ImageConfig.of(Platform.parse("linux/amd64"), ContainerConfig.empty(), List.of());
        ImageConfig healthOnly = ImageConfig.of(Platform.parse("linux/amd64"), ContainerConfig.empty(), List.of())
                .withConfig(new ContainerConfig(null, Set.of(), null, null, null, null, null, Map.of(), null, false,
                        ContainerConfig.Healthcheck.of(List.of("NONE"), null, Duration.ZERO, null, null, 0), null,
                        null, null))
                .withHistory(List.of(ImageConfig.History.of(null, "ENV a=b", true)));
        ImageConfig noConfig = new ImageConfig(null, null, null, null, null, null, null, null,
                new ImageConfig.RootFs(null, List.of(), Map.of()), null, Map.of());
        for (ImageConfig c : List.of(rich, bare, healthOnly, noConfig, bare.withCreated(Instant.EPOCH))) {
            assertThat(new String(OciJson.write(c), StandardCharsets.UTF_8))
                    .isEqualTo(new String(OciJson.writeByMapper(c), StandardCharsets.UTF_8));
        }
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"a/b",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":7,"q":1},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":42,
                  "urls":["http://x"],"annotations":{"b":"1","a":"2"}}],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":3},
                 "annotations":{"z":"1","a":"é"},"unknown":[true]}
                """.formatted(D1, D2, D3);
        ImageManifest richManifest = OciJson.read(utf8(manifest), ImageManifest.class);
        Descriptor cfg = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(D1), 7);
        for (ImageManifest m : List.of(richManifest, ImageManifest.oci(cfg, List.of()),
                ImageManifest.docker(cfg, List.of(cfg, cfg.withAnnotation("k", "v"))),
                new ImageManifest(2, null, null, cfg, null, null, null, null))) {
            assertThat(new String(OciJson.write(m), StandardCharsets.UTF_8))
                    .isEqualTo(new String(OciJson.writeByMapper(m), StandardCharsets.UTF_8));
        }
        for (Descriptor d : List.of(richManifest.config(), richManifest.layers().get(0), cfg,
                cfg.withPlatform(Platform.parse("linux/arm/v7")))) {
            assertThat(OciJson.write(d)).isEqualTo(OciJson.writeByMapper(d));
        }
    }

    @Test
    void configAndManifestWrittenWithoutTheMapperHaveTheMappersBytes() throws Exception {
        String config = """
                {"created":"2024-01-02T03:04:05Z","author":"me é","architecture":"arm","os":"linux",
                 "os.version":"1","os.features":["f"],"variant":"v7",
                 "config":{"User":"app","ExposedPorts":{"80/tcp":{},"53/udp":{}},"Env":["A=1","B=\\"q\\""],
                  "Entrypoint":["/e"],"Cmd":["c",""],"Volumes":{"/v":{},"/a":{}},"WorkingDir":"/w",
                  "Labels":{"z":"1","a":"2"},"StopSignal":"SIGTERM","ArgsEscaped":true,
                  "Healthcheck":{"Test":["CMD","true"],"Interval":1000,"Timeout":0,"Retries":3,"x":1},
                  "OnBuild":["RUN x"],"Shell":["/bin/sh","-c"],"Hostname":"h","Tty":false},
                 "rootfs":{"type":"layers","diff_ids":["%s","%s"],"k":{"b":1,"a":[null,1.5]}},
                 "history":[{"created":"2024-01-02T03:04:05Z","created_by":"RUN x","empty_layer":true,"z":1},
                  {"comment":"c","author":"a","empty_layer":false}],
                 "container_config":{"b":2,"a":{"y":1,"x":2}},"docker_version":"20.10"}
                """.formatted(D1, D2);
        ImageConfig parsed = OciJson.read(utf8(config), ImageConfig.class);
        for (ImageConfig c : List.of(parsed, ImageConfig.of(Platform.parse("linux/amd64"), ContainerConfig.empty(),
                List.of()), ImageConfig.of(Platform.parse("linux/arm64/v8"), null, List.of(Digest.parse(D1))),
                new ImageConfig(null, null, null, null, null, null, null, null, null, null, null),
                parsed.withConfig(parsed.config().withEnv(List.of()).withLabels(Map.of())).withHistory(List.of()))) {
            assertThat(new String(OciJson.write(c), StandardCharsets.UTF_8))
                    .isEqualTo(new String(OciJson.writeByMapper(c), StandardCharsets.UTF_8));
        }
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"a/b",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":7,
                  "annotations":{"b":"1","a":"2"}},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":9,
                  "urls":["http://x"],"q":{"b":1,"a":2}}],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":3},
                 "annotations":{"y":"1","x":"2"},"unknown":[1,{"b":1,"a":2}]}
                """.formatted(D1, D2, D3);
        ImageManifest m = OciJson.read(utf8(manifest), ImageManifest.class);
        Descriptor cfg = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.parse(D1), 3);
        for (ImageManifest one : List.of(m, ImageManifest.oci(cfg, List.of()),
                ImageManifest.docker(cfg, List.of(Descriptor.of(MediaTypes.OCI_LAYER, Digest.parse(D2), 4))),
                m.withAnnotations(Map.of()))) {
            assertThat(new String(OciJson.write(one), StandardCharsets.UTF_8))
                    .isEqualTo(new String(OciJson.writeByMapper(one), StandardCharsets.UTF_8));
        }
    }
}
