package com.platform.datamigration.mapping;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.testing.ServiceBaselineIT;
import com.platform.datamigration.testing.TestStack;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class MappingServiceIT extends ServiceBaselineIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "dm_mapping");
    }

    @Override
    protected String summaryPath() {
        return "/api/data-migration/mappings/summary";
    }

    @Override
    protected void insertOwnedResource(OrganizationId organization) {
        db.sql("INSERT INTO mapping (id, organization_id, name) VALUES (:id, :org, :name)")
                .bind("id", UUID.randomUUID()).bind("org", organization.value()).bind("name", "r-" + UUID.randomUUID())
                .then().block();
    }
}
