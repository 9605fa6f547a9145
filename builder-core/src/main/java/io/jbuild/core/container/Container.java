package io.jbuild.core.container;

/** A container as the commands see it: what it was made with and its current state. */
public record Container(ContainerRecord record, ContainerState state) {

    public String id() {
        return record.id();
    }

    public String name() {
        return record.name();
    }

    public boolean running() {
        return state.running();
    }
}
