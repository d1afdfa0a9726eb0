package com.platform.datamigration.bench;

import com.platform.datamigration.localstack.LocalStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The whole system as every benchmark runs it: the local stack in {@code bench/target/stack}, gateway on 48080. */
final class BenchStack {

    static final Path STATE = Path.of("bench/target/stack").toAbsolutePath();

    private BenchStack() {
    }

    /** The stack, not started yet (start it inside the try that closes it). */
    static LocalStack create() throws IOException {
        Files.createDirectories(STATE);
        return new LocalStack(new LocalStack.Options(Path.of(".").toAbsolutePath(), STATE, 48080, true,
                ProcessHandle.current().info().command().orElse("java"), "256m"));
    }

    /** The public API's base address. */
    static String api(LocalStack stack) {
        return stack.gatewayUrl() + "/api/data-migration";
    }

    /** The started stack's processes and their ids ({@code run-service.pid}, …). */
    static Properties processes() throws IOException {
        Properties pids = new Properties();
        try (InputStream in = Files.newInputStream(STATE.resolve("stack.properties"))) {
            pids.load(in);
        }
        return pids;
    }
}
