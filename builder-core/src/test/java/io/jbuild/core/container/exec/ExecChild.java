package io.jbuild.core.container.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A JVM that runs {@code exec -it ID sh -c 'tty; echo $TERM'} on its own standard streams, then prints the exit. */
public final class ExecChild {

    public static void main(String[] args) throws Exception {
        ContainerExec exec = new ContainerExec("runc", Path.of(args[0]));
        ExecRequest request = new ExecRequest(List.of("sh", "-c", "tty; echo TERM=$TERM"), List.of(), null, null,
                true, true, false);
        int exit = exec.exec(args[1], "web", request, ContainerExec.Streams.inherit(true),
                Files.createTempDirectory("exec-child"));
        System.out.println("exit=" + exit);
    }
}
