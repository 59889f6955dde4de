/**
 * The CREATE EXTERNAL TABLE for an organization trail's S3 bucket, with partition projection (pure):
 * AWS's documented CloudTrail table ("Create the table for CloudTrail logs in Athena using partition
 * projection", Athena User Guide) with its `timestamp` date projection, extended as the guide's
 * organization-trail page describes — the LOCATION includes the organization id and the account is
 * a partition — and region too, so a query prunes by account, region and day.
 */
import { AthenaQueryError } from './sql';

export interface TableSetup {
  bucket: string;
  /** Key prefix before AWSLogs/ (empty when the trail writes at the bucket root). */
  prefix: string;
  organizationId: string;
  database: string;
  table: string;
  accountIds: string[];
  regions: string[];
  /** First day kept, yyyy/MM/dd. */
  since: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^([A-Za-z0-9_.=-]+\/)*$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const IDENT = /^[a-z0-9_]{1,255}$/;

export function validateSetup(t: TableSetup): TableSetup {
  const prefix = t.prefix && !t.prefix.endsWith('/') ? `${t.prefix}/` : t.prefix;
  const bad = (what: string, v: string, hint: string) => new AthenaQueryError(`${what} "${v}" is invalid: ${hint}.`);
  if (!BUCKET.test(t.bucket)) throw bad('--bucket', t.bucket, 'an S3 bucket name (a-z, 0-9, . and -)');
  if (!PREFIX.test(prefix)) throw bad('--prefix', t.prefix, 'an S3 key prefix such as cloudtrail/');
  if (!ORG_ID.test(t.organizationId))
    throw bad('--org-id', t.organizationId, 'an organization id such as o-a1b2c3d4e5');
  if (!IDENT.test(t.database)) throw bad('--database', t.database, 'a-z, 0-9 and _');
  if (!IDENT.test(t.table)) throw bad('--table', t.table, 'a-z, 0-9 and _');
  if (!/^\d{4}\/\d{2}\/\d{2}$/.test(t.since)) throw bad('--since', t.since, 'yyyy/MM/dd');
  if (!t.accountIds.length)
    throw new AthenaQueryError('No account ids: run `trailhound accounts discover` first, or pass --accounts.');
  for (const a of t.accountIds) if (!/^\d{12}$/.test(a)) throw bad('account id', a, '12 digits');
  if (!t.regions.length) throw new AthenaQueryError('No regions: pass --regions.');
  for (const r of t.regions)
    if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(r)) throw bad('region', r, 'e.g. us-east-1');
  return { ...t, prefix };
}

export function createTableSql(input: TableSetup): string {
  const t = validateSetup(input);
  const base = `s3://${t.bucket}/${t.prefix}AWSLogs/${t.organizationId}`;
  return `CREATE EXTERNAL TABLE IF NOT EXISTS \`${t.database}\`.\`${t.table}\`(
    eventversion STRING,
    useridentity STRUCT<
        type: STRING,
        principalid: STRING,
        arn: STRING,
        accountid: STRING,
        invokedby: STRING,
        accesskeyid: STRING,
        username: STRING,
        onbehalfof: STRUCT<
             userid: STRING,
             identitystorearn: STRING>,
        sessioncontext: STRUCT<
            attributes: STRUCT<
                mfaauthenticated: STRING,
                creationdate: STRING>,
            sessionissuer: STRUCT<
                type: STRING,
                principalid: STRING,
                arn: STRING,
                accountid: STRING,
                username: STRING>,
            ec2roledelivery:string,
            webidfederationdata: STRUCT<
                federatedprovider: STRING,
                attributes: map<string,string>>
        >
    >,
    eventtime STRING,
    eventsource STRING,
    eventname STRING,
    awsregion STRING,
    sourceipaddress STRING,
    useragent STRING,
    errorcode STRING,
    errormessage STRING,
    requestparameters STRING,
    responseelements STRING,
    additionaleventdata STRING,
    requestid STRING,
    eventid STRING,
    readonly STRING,
    resources ARRAY<STRUCT<
        arn: STRING,
        accountid: STRING,
        type: STRING>>,
    eventtype STRING,
    apiversion STRING,
    recipientaccountid STRING,
    serviceeventdetails STRING,
    sharedeventid STRING,
    vpcendpointid STRING,
    vpcendpointaccountid STRING,
    eventcategory STRING,
    addendum STRUCT<
      reason:STRING,
      updatedfields:STRING,
      originalrequestid:STRING,
      originaleventid:STRING>,
    sessioncredentialfromconsole STRING,
    edgedevicedetails STRING,
    tlsdetails STRUCT<
      tlsversion:STRING,
      ciphersuite:STRING,
      clientprovidedhostheader:STRING>
  )
PARTITIONED BY (
   \`account\` string,
   \`region\` string,
   \`timestamp\` string)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  '${base}/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.account.type'='enum',
  'projection.account.values'='${t.accountIds.join(',')}',
  'projection.region.type'='enum',
  'projection.region.values'='${t.regions.join(',')}',
  'projection.timestamp.format'='yyyy/MM/dd',
  'projection.timestamp.interval'='1',
  'projection.timestamp.interval.unit'='DAYS',
  'projection.timestamp.range'='${t.since},NOW',
  'projection.timestamp.type'='date',
  'storage.location.template'='${base}/\${account}/CloudTrail/\${region}/\${timestamp}')`;
}
