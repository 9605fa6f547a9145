package io.jbuild.core.registry;

import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Path;
import java.util.List;

/**
 * A separate JVM (started with a small heap) building a context: {@code BuildChild STORE_ROOT CONTEXT TAG}.
 * Prints each line of RUN output, then "built".
 */
public final class BuildChild {

    private BuildChild() {
    }

    public static void main(String[] args) throws Exception {
        ImageStore store = ImageStore.open(Path.of(args[0]));
        BuildListener listener = new BuildListener() {
            @Override
            public void output(String stage, int number, String line) {
                System.out.println(line);
            }
        };
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(Path.of(args[1])).tags(List.of(args[2])).build(),
                listener);
        System.out.println("built");
    }
}
