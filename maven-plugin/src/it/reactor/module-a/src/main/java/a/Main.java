package a;

public final class Main {
    public static void main(String[] args) {
        System.out.println("module-a");
    }
}
