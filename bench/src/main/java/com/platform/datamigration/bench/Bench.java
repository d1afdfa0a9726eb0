package com.platform.datamigration.bench;

import java.util.Arrays;

/** {@code java -jar bench/target/bench.jar catalog [--tables 10000] [--columns 10] | runs [--rows 1000000] | realistic}. */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "catalog" : args[0];
        if ("catalog".equals(which)) {
            CatalogBenchmark.main(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        } else if ("runs".equals(which)) {
            RunBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
        } else if ("realistic".equals(which)) {
            RealisticBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            System.err.println("usage: catalog [--tables N] [--columns N] | runs [--rows N] [--repeat N] [--skip-decode] [--dirty-every N]"
                    + " | realistic [--rows N] [--visits N] [--dirty-every N] [--repeat N]");
            System.exit(2);
        }
    }
}
