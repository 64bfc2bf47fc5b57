import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, ResourceProperties, SpecDatabase } from '@aws-cdk/service-spec-types';

// Checks a CloudFormation template against the official resource specification (the one the AWS CDK is generated
// from, @aws-cdk/aws-service-spec): every resource type exists, every property exists and has the type the spec
// says, required properties are present, and every Ref / Fn::GetAtt points at something that exists.
// Intrinsic functions are taken as valid values of any type (their result is known only at deploy time).

export type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'UpdatePolicy',
  'CreationPolicy',
]);

const isIntrinsic = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
};

export const loadSpec = (): Promise<SpecDatabase> => loadAwsServiceSpec();

export const validateTemplate = (template: Template, db: SpecDatabase): string[] => {
  const errors: string[] = [];
  const resourceSpecs = new Map<string, Resource>();
  const specOf = (type: string): Resource | undefined => {
    if (!resourceSpecs.has(type)) {
      const [found] = db.lookup('resource', 'cloudFormationType', 'equals', type);
      if (found) resourceSpecs.set(type, found);
    }
    return resourceSpecs.get(type);
  };

  /** Refs and GetAtts inside any value must name a resource (and, for GetAtt, one of its attributes). */
  const checkReferences = (value: unknown, at: string): void => {
    if (Array.isArray(value)) return value.forEach((item, index) => checkReferences(item, `${at}[${index}]`));
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string' && !record.Ref.startsWith('AWS::') && !(record.Ref in template.Resources)) {
      errors.push(`${at}: Ref to unknown resource ${record.Ref}`);
    }
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string') {
      const target = template.Resources[getAtt[0]];
      if (!target) errors.push(`${at}: Fn::GetAtt on unknown resource ${getAtt[0]}`);
      else {
        const spec = specOf(target.Type);
        if (spec && !(getAtt[1] in spec.attributes)) errors.push(`${at}: ${target.Type} has no attribute ${getAtt[1]}`);
      }
    }
    for (const [key, inner] of Object.entries(record)) checkReferences(inner, `${at}.${key}`);
  };

  const checkProperties = (properties: Record<string, unknown>, spec: ResourceProperties, at: string): void => {
    for (const [name, property] of Object.entries(spec)) {
      if (property.required && !(name in properties)) errors.push(`${at}: required property ${name} is missing`);
    }
    for (const [name, value] of Object.entries(properties)) {
      const property = spec[name];
      if (!property) errors.push(`${at}: unknown property ${name}`);
      else checkValue(value, property.type, `${at}.${name}`);
    }
  };

  const typeErrors = (value: unknown, type: PropertyType, at: string): string[] => {
    const before = errors.length;
    checkValue(value, type, at);
    return errors.splice(before);
  };

  const checkValue = (value: unknown, type: PropertyType, at: string): void => {
    if (isIntrinsic(value)) return;
    const wrong = (expected: string) => errors.push(`${at}: expected ${expected}, got ${JSON.stringify(value)?.slice(0, 80)}`);
    switch (type.type) {
      case 'string':
      case 'date-time':
        // CloudFormation turns numbers and booleans into strings where a string is expected.
        if (!['string', 'number', 'boolean'].includes(typeof value)) wrong('a string');
        return;
      case 'number':
      case 'integer':
        if (typeof value === 'number' ? type.type === 'integer' && !Number.isInteger(value) : !/^-?\d+(\.\d+)?$/.test(String(value))) {
          wrong(`an ${type.type}`);
        }
        return;
      case 'boolean':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') wrong('a boolean');
        return;
      case 'json':
        if (typeof value !== 'object' && typeof value !== 'string') wrong('JSON');
        return;
      case 'null':
        return;
      case 'tag':
        if (typeof value !== 'object' || value === null || !('Key' in value) || !('Value' in value)) wrong('a tag { Key, Value }');
        return;
      case 'array':
        if (!Array.isArray(value)) return void wrong('a list');
        return value.forEach((item, index) => checkValue(item, type.element, `${at}[${index}]`));
      case 'map':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return void wrong('a map');
        return Object.entries(value).forEach(([key, item]) => checkValue(item, type.element, `${at}.${key}`));
      case 'ref': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return void wrong('an object');
        const definition = db.get('typeDefinition', type.reference.$ref);
        return checkProperties(value as Record<string, unknown>, definition.properties, at);
      }
      case 'union': {
        const attempts = type.types.map((option) => typeErrors(value, option, at));
        if (attempts.every((attempt) => attempt.length > 0)) errors.push(...attempts[0]!);
        return;
      }
    }
  };

  for (const [id, resource] of Object.entries(template.Resources)) {
    for (const key of Object.keys(resource)) if (!RESOURCE_KEYS.has(key)) errors.push(`${id}: unknown resource attribute ${key}`);
    if (resource.Type.startsWith('Custom::')) continue;
    const spec = specOf(resource.Type);
    if (!spec) {
      errors.push(`${id}: unknown resource type ${resource.Type}`);
      continue;
    }
    checkProperties(resource.Properties ?? {}, spec.properties, `${id} (${resource.Type})`);
    checkReferences(resource.Properties ?? {}, id);
  }
  return errors;
};
