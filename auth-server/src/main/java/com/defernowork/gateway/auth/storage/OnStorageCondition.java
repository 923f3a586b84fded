package com.defernowork.gateway.auth.storage;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

final class OnStorageCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Object wanted = metadata.getAnnotationAttributes(ConditionalOnStorage.class.getName()).get("value");
		return StorageKind.resolve(context.getEnvironment()) == wanted;
	}

}
