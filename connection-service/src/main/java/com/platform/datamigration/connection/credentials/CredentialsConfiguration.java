package com.platform.datamigration.connection.credentials;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

    @Bean
    CredentialCipher credentialCipher(CredentialProperties props) {
        return new CredentialCipher(props);
    }
}
