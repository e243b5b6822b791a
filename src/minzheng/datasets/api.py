from ninja import Router

router = Router(tags=["汇总报表"])
