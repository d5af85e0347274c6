export {
  type Catalog,
  type CatalogIssue,
  CatalogValidationError,
  createCatalog,
  measureEditDistance,
} from './catalog.js';
export { getModel, listModels, resolveModelId, suggestModelIds } from './default-catalog.js';
export { type EffectivePrices, selectPrices } from './pricing.js';
export { PROVIDERS, type ProviderInfo, VENDORS, type VendorInfo } from './providers.js';
export {
  type Capabilities,
  type CatalogEntry,
  type CatalogEntryInput,
  capabilitiesSchema,
  catalogEntrySchema,
  type Endpoint,
  type EndpointOptions,
  endpointSchema,
  FACT_KEYS,
  type FactKey,
  MODEL_STATUSES,
  OPTIONAL_FACT_KEYS,
  PROVIDER_IDS,
  type Pricing,
  type ProviderId,
  pricingSchema,
  providerIdSchema,
  VENDOR_IDS,
  type VendorId,
  vendorIdSchema,
  WIRE_PROTOCOLS,
  type WireProtocol,
  wireProtocolSchema,
} from './schema.js';
