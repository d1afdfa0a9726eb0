package com.platform.datamigration.support.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Registers the {@link com.platform.datamigration.contracts.OrganizationId} handler parameter. */
@Configuration(proxyBeanMethods = false)
public class OrganizationWebConfiguration implements WebFluxConfigurer {

    private final SecurityProperties props;

    OrganizationWebConfiguration(SecurityProperties props) {
        this.props = props;
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new OrganizationArgumentResolver(props.organizationClaim()));
    }
}
