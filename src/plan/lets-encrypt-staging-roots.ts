/**
 * The roots of Let's Encrypt's staging CA, which no client trusts by default: a gateway whose
 * backends present a staging certificate must be given them as trusted roots. Published at
 * https://letsencrypt.org/docs/staging-environment/ ("The staging environment has two active root
 * certificates which are **not present** in browser/client trust stores: \"(STAGING) Pretend Pear
 * X1\" and \"(STAGING) Bogus Broccoli X2\""); the certificates are letsencrypt/website
 * `static/certs/staging/letsencrypt-stg-root-x1.pem` and `letsencrypt-stg-root-x2.pem`, base64 DER
 * (the PEM bodies). Checked: each verifies its own signature; SHA-256 fingerprints below.
 */
export const LETS_ENCRYPT_STAGING_ROOTS = [
  {
    subject: '(STAGING) Pretend Pear X1',
    sha256: 'e70570a989f8565aabdf7cae27abd1621872d6a3f811e3fef27e3dba02912198',
    data:
      'MIIFmDCCA4CgAwIBAgIQU9C87nMpOIFKYpfvOHFHFDANBgkqhkiG9w0BAQsFADBmMQswCQYDVQQGEwJVUzEzMDEG' +
      'A1UEChMqKFNUQUdJTkcpIEludGVybmV0IFNlY3VyaXR5IFJlc2VhcmNoIEdyb3VwMSIwIAYDVQQDExkoU1RBR0lO' +
      'RykgUHJldGVuZCBQZWFyIFgxMB4XDTE1MDYwNDExMDQzOFoXDTM1MDYwNDExMDQzOFowZjELMAkGA1UEBhMCVVMx' +
      'MzAxBgNVBAoTKihTVEFHSU5HKSBJbnRlcm5ldCBTZWN1cml0eSBSZXNlYXJjaCBHcm91cDEiMCAGA1UEAxMZKFNU' +
      'QUdJTkcpIFByZXRlbmQgUGVhciBYMTCCAiIwDQYJKoZIhvcNAQEBBQADggIPADCCAgoCggIBALbagEdDTa1QgGBW' +
      'SYkyMhscZXENOBaVRTMX1hceJENgsL0Ma49D3MilI4KS38mtkmdF6cPWnL++fgehT0FbRHZgjOEr8UAN4jH6omjr' +
      'bTD++VZneTsMVaGamQmDdFl5g1gYaigkkmx8OiCO68a4QXg4wSyn6iDipKP8utsE+x1E28SA75HOYqpdrk4HGxuU' +
      'Lvlr03wZGTIf/oRt2/c+dYmDoaJhge+GOrLAEQByO7+8+vzOwpNAPEx6LW+crEEZ7eBXih6VP19sTGy3yfqK5tPt' +
      'TdXXCOQMKAp+gCj/VByhmIr+0iNDC540gtvV303WpcbwnkkLYC0Ft2cYUyHtkstOfRcRO+K2cZozoSwVPyB8/J9R' +
      'pcRK3jgnX9lujfwA/pAbP0J2UPQFxmWFRQnFjaq6rkqbNEBgLy+kFL1NEsRbvFbKrRi5bYy2lNms2NJPZvdNQbT/' +
      '2dBZKmJqxHkxCuOQFjhJQNeO+Njm1Z1iATS/3rts2yZlqXKsxQUzN6vNbD8KnXRMEeOXUYvbV4lqfCf8mS14WEbS' +
      'iMy87GB5S9ucSV1XUrlTG5UGcMSZOBcEUpisRPEmQWUOTWIoDQ5FOia/GI+Ki523r2ruEmbmG37EBSBXdxIdndqr' +
      'jy+QVAmCebyDx9eVEGOIpn26bW5LKerumJxa/CFBaKi4bRvmdJRLAgMBAAGjQjBAMA4GA1UdDwEB/wQEAwIBBjAP' +
      'BgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBS182Xy/rAKkh/7PH3zRKCsYyXDFDANBgkqhkiG9w0BAQsFAAOCAgEA' +
      'ncDZNytDbrrVe68UT6py1lfF2h6Tm2p8ro42i87WWyP2LK8YnLHC0hvNfWeWmjZQYBQfGC5c7aQRezak+tHLdmrN' +
      'KHkn5kn+9E9LCjCaEsyIIn2jqdHlAkepu/C3KnNtVx5tW07e5bvIjJScwkCDbP3akWQixPpRFAsnP+ULx7k0aO1x' +
      'qAeaAhQ2rgo1F58hcflgqKTXnpPM02intVfiVVkX5GXpJjK5EoQtLceyGOrkxlM/sTPq4UrnypmsqSagWV3HcUlY' +
      'tDinc+nukFk6eR4XkzXBbwKajl0YjztfrCIHOn5QCJL6TERVDbM/aAPly8kJ1sWGLuvvWYzMYgLzDul//rUF10gE' +
      'MWaXVZV51KpS9DY/5CunuvCXmEQJHo7kGcViT7sETn6Jz9KOhvYcXkJ7po6d93A/jy4GKPIPnsKKNEmRxUuXY4xR' +
      'dh45tMJnLTUDdC9FIU0flTeO9/vNpVA8OPU1i14vCz+MU8KX1bV3GXm/fxlB7VBBjX9v5oUep0o/j68R/iDlCOM4' +
      'VVfRa8gX6T2FU7fNdatvGro7uQzIvWofgN9WUwCbEMBy/YhBSrXycKA8crgGg3x1mIsopn88JKwmMBa68oS7EHM9' +
      'w7C4y71M7DiA+/9Qdp9RBWJpTS9i/mDnJg1xvo8Xz49mrrgfmcAXTCJqXi24NatI3Oc=',
  },
  {
    subject: '(STAGING) Bogus Broccoli X2',
    sha256: '9b2a339fe6a3e85585c4cd75536cb8c1cf7cd603b9a64bec2521858ae48da85d',
    data:
      'MIICTjCCAdSgAwIBAgIRAIPgc3k5LlLVLtUUvs4K/QcwCgYIKoZIzj0EAwMwaDELMAkGA1UEBhMCVVMxMzAxBgNV' +
      'BAoTKihTVEFHSU5HKSBJbnRlcm5ldCBTZWN1cml0eSBSZXNlYXJjaCBHcm91cDEkMCIGA1UEAxMbKFNUQUdJTkcp' +
      'IEJvZ3VzIEJyb2Njb2xpIFgyMB4XDTIwMDkwNDAwMDAwMFoXDTQwMDkxNzE2MDAwMFowaDELMAkGA1UEBhMCVVMx' +
      'MzAxBgNVBAoTKihTVEFHSU5HKSBJbnRlcm5ldCBTZWN1cml0eSBSZXNlYXJjaCBHcm91cDEkMCIGA1UEAxMbKFNU' +
      'QUdJTkcpIEJvZ3VzIEJyb2Njb2xpIFgyMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEOvS+w1kCzAxYOJbA06Aw0HFP' +
      '2tLBLKPoFQqR9AMskl1nC2975eQqycR+ACvYelA8rfwFXObMHYXJ23XLB+dAjPJVOJ2OcsjTVqO4dcDWu+rQ2VIL' +
      'dnJRYypnV1MMThVxo0IwQDAOBgNVHQ8BAf8EBAMCAQYwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4EFgQU3tGjWWQO' +
      'wZo2o0busBB2766XlWYwCgYIKoZIzj0EAwMDaAAwZQIwRcp4ZKBsq9XkUuN8wfX+GEbY1N5nmCRc8e80kUkuAefo' +
      'uc2j3cICeXo1cOybQ1iWAjEA3Ooawl8eQyR4wrjCofUE8h44p0j7Yl/kBlJZT8+9vbtH7QiVzeKCOTQPINyRql6P',
  },
] as const;
