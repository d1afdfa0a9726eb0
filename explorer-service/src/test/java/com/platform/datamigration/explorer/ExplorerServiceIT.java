package com.platform.datamigration.explorer;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.testing.ServiceBaselineIT;
import com.platform.datamigration.localstack.Service;
import com.platform.datamigration.testing.TestStack;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class ExplorerServiceIT extends ServiceBaselineIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.registerAs(registry, Service.EXPLORER);
    }

    @Override
    protected String summaryPath() {
        return "/api/data-migration/explore/summary";
    }

    @Override
    protected void insertOwnedResource(OrganizationId organization) {
        db.sql("INSERT INTO catalog_snapshot (id, organization_id, connection_id, fingerprint) VALUES (:id, :org, gen_random_uuid(), :name)")
                .bind("id", UUID.randomUUID()).bind("org", organization.value()).bind("name", "r-" + UUID.randomUUID())
                .then().block();
    }
}
