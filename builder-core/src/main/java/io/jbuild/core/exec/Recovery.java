package io.jbuild.core.exec;

/**
 * What {@link RunExecutor#recover()} removed of killed builds.
 *
 * @param containers  runtime containers deleted
 * @param mounts      mounts undone
 * @param directories temporary directories deleted (steps, unpacks)
 */
public record Recovery(int containers, int mounts, int directories) {

    public boolean nothing() {
        return containers == 0 && mounts == 0 && directories == 0;
    }
}
