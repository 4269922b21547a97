#!/usr/bin/env node
'use strict';
// Validates the gateway's OpenAPI document (rendered by the build from the descriptor set) with
// @apidevtools/swagger-parser: the OpenAPI 3.0 schema, then every $ref resolved and every path
// parameter declared. Usage: node tests/unit/gateway/validate_openapi.js build/deploy/openapi.json
const SwaggerParser = require('@apidevtools/swagger-parser');

const file = process.argv[2];
if (!file) {
  console.error('usage: validate_openapi.js OPENAPI.json');
  process.exit(2);
}
SwaggerParser.validate(file)
  .then((api) => {
    const operations = Object.values(api.paths)
      .reduce((n, item) => n + Object.keys(item).length, 0);
    console.log(`${file}: valid OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths, ` +
                `${operations} operations`);
    console.log('1 passed, 0 failed');
  })
  .catch((err) => {
    console.log(`FAIL ${file}: ${err.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  });
