/**
 * The parts of CrowdStrike Falcon API objects Trailhound reads (pure types). Shapes follow the
 * Falcon OpenAPI specification: alerts are `detects.ExternalAlert` from POST
 * /alerts/entities/alerts/v2 (with the endpoint-alert fields `device`, `user_name`, … that EPP
 * alerts carry), hosts are `deviceapi.DeviceSwagger` from GET /devices/entities/devices/v2.
 * Every value is untrusted data from the tenant.
 */

export interface FalconAlertDevice {
  device_id?: string;
  hostname?: string;
  external_ip?: string;
  local_ip?: string;
  platform_name?: string;
  os_version?: string;
  machine_domain?: string;
}

export interface FalconAlert {
  composite_id: string;
  id?: string;
  aggregate_id?: string;
  agent_id?: string;
  cid?: string;
  product?: string;
  name?: string;
  display_name?: string;
  description?: string;
  severity?: number;
  severity_name?: string;
  confidence?: number;
  status?: string;
  tactic?: string;
  technique?: string;
  technique_id?: string;
  /** When the activity happened (ISO 8601). */
  timestamp?: string;
  created_timestamp?: string;
  updated_timestamp?: string;
  device?: FalconAlertDevice;
  user_name?: string;
  user_id?: string;
  user_principal?: string;
  logon_domain?: string;
  filename?: string;
  cmdline?: string;
  falcon_host_link?: string;
}

export interface FalconHost {
  device_id: string;
  cid?: string;
  hostname?: string;
  external_ip?: string;
  local_ip?: string;
  connection_ip?: string;
  default_gateway_ip?: string;
  mac_address?: string;
  platform_name?: string;
  os_version?: string;
  machine_domain?: string;
  first_seen?: string;
  last_seen?: string;
  last_login_user?: string;
  last_login_timestamp?: string;
  email?: string;
  status?: string;
  instance_id?: string;
  service_provider?: string;
  service_provider_account_id?: string;
  tags?: string[];
}

/** The Falcon response envelope (msaspec): meta, resources, errors. */
export interface FalconEnvelope<T> {
  meta?: { query_time?: number; trace_id?: string; pagination?: { offset?: number; limit?: number; total?: number } };
  resources?: T[] | null;
  errors?: { code?: number; message?: string; id?: string }[] | null;
}
