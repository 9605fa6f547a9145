package io.jbuild.cli.registry;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What pull and push share: the store and registry options, the reference parsed before anything is opened,
 * progress on standard error unless quiet, and every failure reported the one way {@link Failures} does.
 */
abstract class TransferCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    RegistryCliOptions registry;

    private final String verb;
    private final boolean upload;

    /** {@code verb}: the command's name in messages; {@code upload}: progress shows pushes, not pulls. */
    TransferCommand(String verb, boolean upload) {
        this.verb = verb;
        this.upload = upload;
    }

    /** The REF argument as given. */
    abstract String reference();

    abstract boolean quiet();

    /** The registry options of this transfer; a bad option is a usage error (picocli's ParameterException). */
    RegistryOptions options() {
        return registry.options();
    }

    /** Moves the image, printing its result to {@code out} and, unless quiet, its status lines to {@code err}. */
    abstract void transfer(ImageReference ref, RegistryOptions options, TransferListener listener, PrintWriter out,
            PrintWriter err) throws IOException;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RegistryOptions options = options();
        ImageReference ref;
        try {
            ref = ImageReference.parse(reference());
        } catch (IllegalArgumentException e) {
            return Failures.report(err, verb, reference(), e);
        }
        try {
            TransferListener listener = quiet() ? TransferListener.SILENT : new ProgressPrinter(err, upload);
            transfer(ref, options, listener, out, err);
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            return Failures.report(err, verb, ref.toString(), e);
        }
    }
}
