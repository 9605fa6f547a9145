package io.jbuild.it;

public final class App {
    public static void main(String[] args) {
        System.out.println("hello from the sample app");
    }
}
