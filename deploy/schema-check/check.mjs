// Validates the objects of deploy/k8s (the kustomization's resources and the example Secret) against JSON schemas,
// without a cluster: the Kubernetes API's own (kubernetes-models, generated from its OpenAPI document) for the
// built-in kinds, and scaled-object.schema.json for KEDA's ScaledObject, which no package here carries. Prints one
// line per invalid object and exits 1 if there is any. KubernetesManifestsTest checks what a schema cannot: that
// the objects fit together and fit the applications.
//   npm ci --prefix deploy/schema-check && node deploy/schema-check/check.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import Ajv from "ajv";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as policy from "kubernetes-models/policy/v1";

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, "../k8s"));

const scaledObject = new Ajv({ allErrors: true, strict: true })
  .compile(JSON.parse(fs.readFileSync(path.join(here, "scaled-object.schema.json"), "utf8")));

/** apiVersion/kind → a function that throws (or returns errors) for an invalid object. */
const validators = {
  "v1/Namespace": (o) => new core.Namespace(o).validate(),
  "v1/ConfigMap": (o) => new core.ConfigMap(o).validate(),
  "v1/Secret": (o) => new core.Secret(o).validate(),
  "v1/Service": (o) => new core.Service(o).validate(),
  "apps/v1/Deployment": (o) => new apps.Deployment(o).validate(),
  "policy/v1/PodDisruptionBudget": (o) => new policy.PodDisruptionBudget(o).validate(),
  "keda.sh/v1alpha1/ScaledObject": (o) => {
    if (!scaledObject(o)) {
      throw new Error(scaledObject.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; "));
    }
  },
};

const kustomization = YAML.parse(fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8"));
const files = [...kustomization.resources, "secret.example.yaml"];
let checked = 0;
let invalid = 0;
for (const file of files) {
  for (const document of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), "utf8"))) {
    if (document.errors.length > 0) {
      invalid++;
      console.log(`${file}: not YAML: ${document.errors[0].message}`);
      continue;
    }
    const object = document.toJS();
    if (object === null) {
      continue;
    }
    const kind = `${object.apiVersion}/${object.kind}`;
    const name = `${file}: ${kind} ${object.metadata?.name}`;
    const validate = validators[kind];
    if (!validate) {
      invalid++;
      console.log(`${name}: no schema for this kind`);
      continue;
    }
    try {
      validate(object);
      checked++;
    } catch (e) {
      invalid++;
      console.log(`${name}: ${e.message}`);
    }
  }
}
console.log(`${checked} valid, ${invalid} invalid`);
process.exit(invalid === 0 && checked > 0 ? 0 : 1);
