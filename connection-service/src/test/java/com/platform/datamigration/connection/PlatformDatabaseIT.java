package com.platform.datamigration.connection;

import com.platform.datamigration.testing.TestStack;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link PlatformDatabaseContract} with the environment the local stack gives connection-service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlatformDatabaseIT extends PlatformDatabaseContract {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        prepareServer();
        TestStack stack = TestStack.get();
        Map<String, String> env = stack.environment("dm_connection");
        env.put("DM_CONNECTIONS_ALLOWED_TARGETS", allowedTargets());
        env.forEach((name, value) -> registry.add(name, () -> value));
    }
}
