"""
moto's own server (moto.server.main), started with what a real account has
and moto lacks: Canonical's Ubuntu 24.04 images and their public SSM
parameters. Usage: python3 moto_server.py SEED.json -H 127.0.0.1 -p 0

Nothing answers in front of moto; the seeds go in through moto's own loading:
- images: appended to moto.ec2.models.amis.AMIS, the list (MOTO_AMIS_PATH
  replaces it) that every region's EC2 backend loads when it is built;
- public parameters: moto refuses PutParameter under /aws/ (as AWS does), and
  loads its own /aws/service/... parameters lazily in
  ParameterDict._check_loading_status; the seeds join them there.
Both are read again for the backends a POST /moto-api/reset builds, so the
seeds survive a reset.
"""
import json
import sys

seed = json.load(open(sys.argv[1], encoding="utf-8"))

import moto.ec2.models.amis as amis  # noqa: E402
import moto.ssm.models as ssm  # noqa: E402
from moto.core.utils import utcnow  # noqa: E402

amis.AMIS.extend(seed.get("amis", []))

_load_public_parameters = ssm.ParameterDict._check_loading_status


def _check_loading_status(self, key):
    _load_public_parameters(self, key)
    if getattr(self, "_runbook_seeded", False):
        return
    self._runbook_seeded = True
    for name, value in seed.get("parameters", {}).get(self.region_name, {}).items():
        dict.setdefault(self, name, []).append(
            ssm.Parameter(
                account_id=self.account_id,
                name=name,
                value=value,
                parameter_type="String",
                description=None,
                allowed_pattern=None,
                keyid=None,
                last_modified_date=utcnow(),
                version=1,
                data_type="aws:ec2:image",
            )
        )


ssm.ParameterDict._check_loading_status = _check_loading_status

from moto.server import main  # noqa: E402

main(sys.argv[2:])
