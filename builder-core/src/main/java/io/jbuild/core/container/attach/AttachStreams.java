package io.jbuild.core.container.attach;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where an attached container's streams go.
 *
 * @param stdin  forwarded to the container's standard input; null to send nothing (docker's {@code --no-stdin}, or a
 *               container made without {@code -i}). Its end closes the container's input, as conmon does.
 * @param stdout the container's standard output (its terminal's output with {@code -t})
 * @param stderr its standard error
 * @param keys   the sequence on {@code stdin} that detaches
 */
public record AttachStreams(InputStream stdin, OutputStream stdout, OutputStream stderr, DetachKeys keys) {
}
