package com.platform.datamigration.run;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.testing.ServiceBaselineIT;
import com.platform.datamigration.testing.TestStack;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The baseline every service meets; the run engine's own behaviour is in {@link RunEngineIT}. */
@org.springframework.test.context.TestPropertySource(properties = "dm.run.roles=baseline")
class RunServiceIT extends ServiceBaselineIT {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry, "dm_run");
    }

    @Override
    protected String summaryPath() {
        return "/api/data-migration/runs/summary";
    }

    @Override
    protected void insertOwnedResource(OrganizationId organization) {
        db.sql("INSERT INTO run (id, organization_id, status, requested_by) VALUES (:id, :org, 'QUEUED', :name)")
                .bind("id", UUID.randomUUID()).bind("org", organization.value()).bind("name", "r-" + UUID.randomUUID())
                .then().block();
    }
}
