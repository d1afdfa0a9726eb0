package com.platform.datamigration.connection;

import com.platform.datamigration.localstack.Ports;
import com.platform.datamigration.localstack.TokenRequest;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.testing.TestStack;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * connection-service against the real broker, its real database and real source servers. The host policy allows
 * the test sources, plus one closed port and one port where a non-database server answers, both on loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ConnectionServiceTestBase {

    /** Nothing listens here. */
    static final int CLOSED_PORT = Ports.free();
    /** A server that answers like something other than a database. */
    static final FakeServer NOT_A_DATABASE = new FakeServer();
    /** A server that accepts connections and never answers. */
    static final FakeServer SILENT = new FakeServer(true);

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack stack = TestStack.get();
        // As the local stack runs it: logged in as connection-service's own least-privilege role.
        Map<String, String> env = stack.serviceEnvironment(Service.CONNECTION);
        env.put("DM_CONNECTIONS_ALLOWED_TARGETS", TestSources.allowedTargets() + ",127.0.0.1:" + CLOSED_PORT
                + ",127.0.0.1:" + NOT_A_DATABASE.port() + ",127.0.0.1:" + SILENT.port());
        env.forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(java.time.Duration.ofSeconds(30)).build();
    }

    static String org() {
        return "org-" + UUID.randomUUID();
    }

    static String admin(String org) {
        return TestStack.get().tokens().mint(TokenRequest.admin(org));
    }
}
