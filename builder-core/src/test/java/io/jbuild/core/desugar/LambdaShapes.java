package io.jbuild.core.desugar;

import io.jbuild.grammar.reference.Digest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * The shapes of lambdas and method references javac compiles, each giving a line of text: LambdaDesugarTest runs
 * this class as javac made it and as tools/LambdaDesugar.java rewrote it, and the lines must be the same.
 */
public final class LambdaShapes {

    private final String name;
    private int counter;

    private LambdaShapes(String name) {
        this.name = name;
    }

    /** A functional interface of this nest, private, with a default method. */
    private interface Greeter {
        String greet(String who);

        default String twice(String who) {
            return greet(who) + greet(who);
        }
    }

    private interface WithPrivate {
        String value();

        static WithPrivate make(int n) {
            return () -> helper(n); // a lambda in an interface, calling its private static method
        }

        private static String helper(int n) {
            return "iface" + n;
        }
    }

    private static final class Box {
        private final long value;

        private Box(long value) { // a private constructor of a nested class
            this.value = value;
        }

        @Override
        public String toString() {
            return "Box(" + value + ")";
        }
    }

    private String secret(String s) {
        return name + ":" + s + ":" + counter++;
    }

    private static int add(int a, int b) {
        return a + b;
    }

    public static List<String> run() {
        List<String> out = new ArrayList<>();
        LambdaShapes self = new LambdaShapes("self");
        // capturing nothing, capturing locals of every size, capturing this
        Supplier<String> first = none();
        Supplier<String> second = none();
        out.add(first.get() + (first == second ? ", one instance" : ", instances"));
        long big = 1L << 40;
        double d = 2.5;
        char c = 'x';
        boolean flag = true;
        Supplier<String> locals = () -> big + "/" + d + "/" + c + "/" + flag;
        out.add(locals.get());
        out.add(self.captureThis().get());
        out.add(self.captureThis().get());
        // method references: bound, unbound, static, constructor, private ones of the nest
        Function<String, String> bound = self::secret;
        out.add(bound.apply("b"));
        Function<String, Integer> unbound = String::length; // int boxed to Integer
        out.add("len " + unbound.apply("four"));
        ToIntFunction<String> toInt = String::length;
        out.add("toInt " + toInt.applyAsInt("abc"));
        IntBinaryOperator staticRef = LambdaShapes::add;
        out.add("add " + staticRef.applyAsInt(2, 3));
        BiFunction<Integer, Integer, Integer> boxedAdd = LambdaShapes::add; // unboxing both, boxing the result
        out.add("boxedAdd " + boxedAdd.apply(4, 5));
        Function<Long, Box> ctor = Box::new; // Long unboxed to long, private constructor
        out.add(ctor.apply(7L).toString());
        IntFunction<String[]> array = String[]::new;
        out.add("array " + array.apply(3).length);
        Supplier<ArrayList<String>> listCtor = ArrayList::new;
        out.add("list " + listCtor.get().size());
        // widening: int to long, int to double; a primitive result boxed for an Object-typed interface
        ToLongFunction<String> widened = String::length;
        out.add("widened " + widened.applyAsLong("12345"));
        LongSupplier intToLong = self::count;
        out.add("intToLong " + intToLong.getAsLong());
        DoubleSupplier intToDouble = self::count;
        out.add("intToDouble " + intToDouble.getAsDouble());
        Supplier<Object> boxedObject = self::count;
        out.add("boxedObject " + boxedObject.get() + " " + boxedObject.get().getClass().getSimpleName());
        // a value returned where the interface returns void
        List<String> sink = new ArrayList<>();
        Consumer<String> adder = sink::add; // boolean dropped
        adder.accept("added");
        out.add(sink.toString());
        // an interface of the nest with a default method; a lambda in an interface
        Greeter g = who -> "hi " + who + ";";
        out.add(g.twice("you"));
        out.add(WithPrivate.make(3).value());
        // generic and nested lambdas, a comparator chain
        Function<Integer, Function<Integer, Integer>> curried = a -> b -> a * 10 + b;
        out.add("curried " + curried.apply(4).apply(2));
        List<String> words = new ArrayList<>(List.of("pear", "fig", "apple", "kiwi"));
        words.sort(Comparator.comparing(String::length).thenComparing(Comparator.reverseOrder()));
        out.add(words.toString());
        // a bound receiver that is null fails where javac checks it, before any lambda exists
        String nothing = null;
        try {
            Supplier<Integer> s = nothing::length;
            out.add("no failure " + s);
        } catch (NullPointerException e) {
            out.add("null receiver refused");
        }
        // a method of another module (LambdaDesugarTest's first run cannot see it: left, then made on a second run)
        Function<String, Digest> parse = Digest::parse;
        out.add(parse.apply("sha256:" + "a".repeat(64)).algorithm());
        out.add(Objects.toString(self.counter));
        return out;
    }

    private static Supplier<String> none() {
        return () -> "none";
    }

    private Supplier<String> captureThis() {
        return () -> secret("this");
    }

    private int count() {
        return ++counter;
    }
}
