package io.jbuild.grammar.lint;

import org.yaml.snakeyaml.Yaml;

/** Test configurations written as YAML, as users write them; the real reader (with lines in errors) is in builder-core. */
final class YamlConfigs {

    private YamlConfigs() {
    }

    static LintConfig parse(String yaml) throws LintConfigException {
        return LintConfig.fromTree(new Yaml().load(yaml));
    }
}
