package io.jbuild.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Command models declared in code rather than by annotations, for the commands whose start-up users wait for
 * most ({@code jbuild} itself, {@code jbuild build} and {@code jbuild run}). Reading annotations costs picocli a generated proxy class per
 * annotation type plus reflection over every field: about 40 ms of a 0.25 s no-change build. The help text and
 * the parsing are picocli's either way.
 */
public final class CodeSpecs {

    private CodeSpecs() {
    }

    /** A command whose user object is not inspected; its {@code call()} reads the values from the spec. */
    public static CommandSpec command(Object userObject, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(userObject).name(name);
        spec.usageMessage().description(description);
        // What mixinStandardHelpOptions adds, with picocli's own wording.
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class).arity("0")
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class).arity("0")
                .description("Print version information and exit.").build());
        return spec;
    }

    /** A flag: true when given. */
    public static OptionSpec flag(String[] names, String... description) {
        return OptionSpec.builder(names).type(boolean.class).arity("0").description(description).build();
    }

    /** An option with one value of {@code type}. */
    public static OptionSpec.Builder single(Class<?> type, String label, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label);
    }

    /** A repeatable option with a String value each time. */
    public static OptionSpec repeatable(String label, String[] names, String... description) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class).paramLabel(label)
                .description(description).build();
    }

    /** The value of an option after parsing: the one given, else its default, else null (an empty list). */
    @SuppressWarnings("unchecked")
    public static <T> T value(CommandSpec spec, String name) {
        OptionSpec option = spec.findOption(name);
        if (option == null) {
            throw new IllegalArgumentException("no option " + name);
        }
        Object v = option.getValue();
        if (v == null && option.type() == List.class) {
            return (T) List.of();
        }
        return (T) v;
    }

    public static boolean isSet(CommandSpec spec, String name) {
        return Boolean.TRUE.equals(value(spec, name));
    }

    /** The value of positional parameter {@code index}. */
    @SuppressWarnings("unchecked")
    public static <T> T positional(CommandSpec spec, int index) {
        PositionalParamSpec p = spec.positionalParameters().get(index);
        return (T) p.getValue();
    }
}
