package com.defernowork.gateway.auth.cimd;

class MemoryClientDocumentsIT extends AbstractClientDocumentsIT {

	@Override
	DocumentStore store() {
		return new MemoryDocumentStore(this.clock, 1000);
	}

}
