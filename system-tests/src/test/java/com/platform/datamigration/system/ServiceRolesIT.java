package com.platform.datamigration.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platform.datamigration.localstack.PostgresServer;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.localstack.StackEnvironment;
import com.platform.datamigration.testing.TestStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The services' own database roles as the local stack provisions them, logged in with the credentials the stack gives
 * each service: every role reaches its own database and no other service's, none is privileged, and the platform
 * database is open to mapping-service (read the target) and run-service (write it, own the ledger) only.
 */
class ServiceRolesIT {

    private static final List<Service> SERVICES = List.of(Service.CONNECTION, Service.EXPLORER, Service.MAPPING, Service.RUN);
    private static final String PERMISSION_DENIED = "42501";

    @BeforeAll
    static void provision() {
        for (Service service : SERVICES) {
            TestStack.get().serviceEnvironment(service);
        }
        // run-service makes the ledger's tables as its own role; one stands in for them here.
        execute(Service.RUN, StackEnvironment.PLATFORM_DATABASE,
                "CREATE TABLE IF NOT EXISTS dm_ledger.reject_probe (id bigint PRIMARY KEY, raw jsonb)");
    }

    private static Connection login(Service service, String database) throws SQLException {
        Map<String, String> env = TestStack.get().serviceEnvironment(service);
        PostgresServer pg = TestStack.get().postgres();
        return DriverManager.getConnection(pg.jdbcUrl(database), env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD"));
    }

    private static void execute(Service service, String database, String... sql) {
        try (Connection c = login(service, database); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new AssertionError(service.role() + " on " + database + ": SQL state " + e.getSQLState(), e);
        }
    }

    private static String sqlState(Service service, String database, String sql) {
        try (Connection c = login(service, database); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute(sql);
                return "ok";
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void eachServiceLogsInAsItsOwnRoleAndNoRoleIsPrivileged() throws SQLException {
        PostgresServer pg = TestStack.get().postgres();
        for (Service service : SERVICES) {
            assertThat(TestStack.get().serviceEnvironment(service).get("POSTGRES_USER")).isEqualTo(service.role())
                    .isNotEqualTo(pg.user());
        }
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls "
                     + "FROM pg_roles WHERE rolname LIKE 'dm\\_%\\_app' ORDER BY rolname")) {
            List<String> roles = new ArrayList<>();
            while (rs.next()) {
                roles.add(rs.getString(1));
                for (int i = 2; i <= 6; i++) {
                    assertThat(rs.getBoolean(i)).as("%s: %s", rs.getString(1), rs.getMetaData().getColumnName(i)).isFalse();
                }
            }
            assertThat(roles).containsExactlyInAnyOrder("dm_connection_app", "dm_explorer_app", "dm_mapping_app", "dm_run_app");
        }
    }

    static Stream<Arguments> everyRoleOnEveryDatabase() {
        List<Arguments> cases = new ArrayList<>();
        for (Service role : SERVICES) {
            for (Service owner : SERVICES) {
                cases.add(Arguments.of(role, owner.database(), role == owner));
            }
            cases.add(Arguments.of(role, StackEnvironment.PLATFORM_DATABASE, role == Service.MAPPING || role == Service.RUN));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}: connects = {2}")
    @MethodSource("everyRoleOnEveryDatabase")
    void aServiceRoleCannotReadAnotherServicesDatabase(Service role, String database, boolean allowed) {
        String state = sqlState(role, database, "SELECT count(*) FROM pg_catalog.pg_class");
        assertThat(state).as("%s connecting to %s", role.role(), database).isEqualTo(allowed ? "ok" : PERMISSION_DENIED);
    }

    @Test
    void eachServiceOwnsItsDatabaseAndMayCreateItsTablesThere() {
        for (Service service : SERVICES) {
            assertThat(sqlState(service, service.database(), "CREATE TABLE role_probe (id int)")).as(service.role()).isEqualTo("ok");
        }
    }

    @Test
    void mappingServiceReadsTheTargetButNeitherChangesItNorReadsTheLedger() {
        String platform = StackEnvironment.PLATFORM_DATABASE;
        assertThat(sqlState(Service.MAPPING, platform, "SELECT count(*) FROM provider")).isEqualTo("ok");
        assertThat(sqlState(Service.MAPPING, platform, "UPDATE provider SET name = name")).isEqualTo(PERMISSION_DENIED);
        assertThat(sqlState(Service.MAPPING, platform, "DELETE FROM provider")).isEqualTo(PERMISSION_DENIED);
        assertThat(sqlState(Service.MAPPING, platform, "SELECT count(*) FROM dm_ledger.reject_probe")).isEqualTo(PERMISSION_DENIED);
        assertThat(sqlState(Service.MAPPING, platform, "CREATE TABLE public.mapping_probe (id int)")).isEqualTo(PERMISSION_DENIED);
    }

    @Test
    void runServiceWritesTheTargetAndOwnsTheLedgerButCreatesNothingElse() {
        String platform = StackEnvironment.PLATFORM_DATABASE;
        assertThat(sqlState(Service.RUN, platform, "INSERT INTO provider (organization_id, external_ref, name) VALUES ('role-probe', 'role-probe', 'x')"))
                .isEqualTo("ok");
        assertThat(sqlState(Service.RUN, platform, "DELETE FROM provider WHERE external_ref = 'role-probe'")).isEqualTo("ok");
        assertThat(sqlState(Service.RUN, platform, "SELECT count(*) FROM dm_ledger.reject_probe")).isEqualTo("ok");
        assertThat(sqlState(Service.RUN, platform, "CREATE TEMP TABLE staging_probe (id int)")).isEqualTo("ok");
        assertThat(sqlState(Service.RUN, platform, "CREATE TABLE public.run_probe (id int)")).isEqualTo(PERMISSION_DENIED);
        assertThat(sqlState(Service.RUN, platform, "CREATE SCHEMA run_probe")).isEqualTo(PERMISSION_DENIED);
        assertThat(sqlState(Service.RUN, "postgres", "CREATE ROLE run_probe")).isIn(PERMISSION_DENIED);
    }

    @Test
    void theLedgerIsNotReadableByServicesThatCannotEvenConnect() {
        assertThatThrownBy(() -> login(Service.CONNECTION, StackEnvironment.PLATFORM_DATABASE).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED));
        assertThatThrownBy(() -> login(Service.EXPLORER, StackEnvironment.PLATFORM_DATABASE).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(PERMISSION_DENIED));
    }
}
