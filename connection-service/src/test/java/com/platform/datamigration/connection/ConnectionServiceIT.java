package com.platform.datamigration.connection;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.testing.ServiceBaselineIT;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.testing.TestStack;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class ConnectionServiceIT extends ServiceBaselineIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.registerAs(registry, Service.CONNECTION);
    }

    @Override
    protected String summaryPath() {
        return "/api/data-migration/connections/summary";
    }

    @Override
    protected void insertOwnedResource(OrganizationId organization) {
        db.sql("INSERT INTO connection (id, organization_id, name, type, host, port, database_name, username) VALUES (:id, :org, :name, 'POSTGRESQL', 'db.example.org', 5432, 'db', 'u')")
                .bind("id", UUID.randomUUID()).bind("org", organization.value()).bind("name", "r-" + UUID.randomUUID())
                .then().block();
    }
}
