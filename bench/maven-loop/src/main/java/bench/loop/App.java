package bench.loop;

/** The benchmark's application: prints a greeting. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        System.out.println(Greeting.text());
    }
}
