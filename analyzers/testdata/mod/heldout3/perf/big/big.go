// Package big is a generated stress package: a client with 12 string fields and a nested
// settings struct of 12, and methods calling each other (performance only; no findings).
package big

import (
	"net/http"
	"strings"
)

type Settings struct {
	S0  string
	S1  string
	S2  string
	S3  string
	S4  string
	S5  string
	S6  string
	S7  string
	S8  string
	S9  string
	S10 string
	S11 string
}

type Client struct {
	F0  string
	F1  string
	F2  string
	F3  string
	F4  string
	F5  string
	F6  string
	F7  string
	F8  string
	F9  string
	F10 string
	F11 string
	Cfg Settings
	HC  *http.Client
}

func (c *Client) M0(a string) error {
	c.F0 = a + c.Cfg.S0
	c.Cfg.S1 = c.F5
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F0+"/identities", strings.NewReader(c.Cfg.S3))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F2+c.Cfg.S4)
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M1(a string) error {
	c.F1 = a + c.Cfg.S1
	c.Cfg.S2 = c.F6
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F1+"/identities", strings.NewReader(c.Cfg.S4))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F3+c.Cfg.S5)
	if err := c.M8(a + c.F1); err != nil {
		return err
	}
	if err := c.M9(a + c.F2); err != nil {
		return err
	}
	if err := c.M10(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M2(a string) error {
	c.F2 = a + c.Cfg.S2
	c.Cfg.S3 = c.F7
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F2+"/identities", strings.NewReader(c.Cfg.S5))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F4+c.Cfg.S6)
	if err := c.M15(a + c.F1); err != nil {
		return err
	}
	if err := c.M16(a + c.F2); err != nil {
		return err
	}
	if err := c.M17(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M3(a string) error {
	c.F3 = a + c.Cfg.S3
	c.Cfg.S4 = c.F8
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F3+"/identities", strings.NewReader(c.Cfg.S6))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F5+c.Cfg.S7)
	if err := c.M22(a + c.F1); err != nil {
		return err
	}
	if err := c.M23(a + c.F2); err != nil {
		return err
	}
	if err := c.M24(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M4(a string) error {
	c.F4 = a + c.Cfg.S4
	c.Cfg.S5 = c.F9
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F4+"/identities", strings.NewReader(c.Cfg.S7))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F6+c.Cfg.S8)
	if err := c.M29(a + c.F1); err != nil {
		return err
	}
	if err := c.M30(a + c.F2); err != nil {
		return err
	}
	if err := c.M31(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M5(a string) error {
	c.F5 = a + c.Cfg.S5
	c.Cfg.S6 = c.F10
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F5+"/identities", strings.NewReader(c.Cfg.S8))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F7+c.Cfg.S9)
	if err := c.M36(a + c.F1); err != nil {
		return err
	}
	if err := c.M37(a + c.F2); err != nil {
		return err
	}
	if err := c.M38(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M6(a string) error {
	c.F6 = a + c.Cfg.S6
	c.Cfg.S7 = c.F11
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F6+"/identities", strings.NewReader(c.Cfg.S9))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F8+c.Cfg.S10)
	if err := c.M43(a + c.F1); err != nil {
		return err
	}
	if err := c.M44(a + c.F2); err != nil {
		return err
	}
	if err := c.M45(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M7(a string) error {
	c.F7 = a + c.Cfg.S7
	c.Cfg.S8 = c.F0
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F7+"/identities", strings.NewReader(c.Cfg.S10))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F9+c.Cfg.S11)
	if err := c.M50(a + c.F1); err != nil {
		return err
	}
	if err := c.M51(a + c.F2); err != nil {
		return err
	}
	if err := c.M52(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M8(a string) error {
	c.F8 = a + c.Cfg.S8
	c.Cfg.S9 = c.F1
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F8+"/identities", strings.NewReader(c.Cfg.S11))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F10+c.Cfg.S0)
	if err := c.M57(a + c.F1); err != nil {
		return err
	}
	if err := c.M58(a + c.F2); err != nil {
		return err
	}
	if err := c.M59(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M9(a string) error {
	c.F9 = a + c.Cfg.S9
	c.Cfg.S10 = c.F2
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F9+"/identities", strings.NewReader(c.Cfg.S0))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F11+c.Cfg.S1)
	if err := c.M64(a + c.F1); err != nil {
		return err
	}
	if err := c.M65(a + c.F2); err != nil {
		return err
	}
	if err := c.M66(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M10(a string) error {
	c.F10 = a + c.Cfg.S10
	c.Cfg.S11 = c.F3
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F10+"/identities", strings.NewReader(c.Cfg.S1))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F0+c.Cfg.S2)
	if err := c.M71(a + c.F1); err != nil {
		return err
	}
	if err := c.M72(a + c.F2); err != nil {
		return err
	}
	if err := c.M73(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M11(a string) error {
	c.F11 = a + c.Cfg.S11
	c.Cfg.S0 = c.F4
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F11+"/identities", strings.NewReader(c.Cfg.S2))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F1+c.Cfg.S3)
	if err := c.M78(a + c.F1); err != nil {
		return err
	}
	if err := c.M79(a + c.F2); err != nil {
		return err
	}
	if err := c.M0(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M12(a string) error {
	c.F0 = a + c.Cfg.S0
	c.Cfg.S1 = c.F5
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F0+"/identities", strings.NewReader(c.Cfg.S3))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F2+c.Cfg.S4)
	if err := c.M5(a + c.F1); err != nil {
		return err
	}
	if err := c.M6(a + c.F2); err != nil {
		return err
	}
	if err := c.M7(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M13(a string) error {
	c.F1 = a + c.Cfg.S1
	c.Cfg.S2 = c.F6
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F1+"/identities", strings.NewReader(c.Cfg.S4))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F3+c.Cfg.S5)
	if err := c.M12(a + c.F1); err != nil {
		return err
	}
	if err := c.M13(a + c.F2); err != nil {
		return err
	}
	if err := c.M14(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M14(a string) error {
	c.F2 = a + c.Cfg.S2
	c.Cfg.S3 = c.F7
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F2+"/identities", strings.NewReader(c.Cfg.S5))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F4+c.Cfg.S6)
	if err := c.M19(a + c.F1); err != nil {
		return err
	}
	if err := c.M20(a + c.F2); err != nil {
		return err
	}
	if err := c.M21(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M15(a string) error {
	c.F3 = a + c.Cfg.S3
	c.Cfg.S4 = c.F8
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F3+"/identities", strings.NewReader(c.Cfg.S6))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F5+c.Cfg.S7)
	if err := c.M26(a + c.F1); err != nil {
		return err
	}
	if err := c.M27(a + c.F2); err != nil {
		return err
	}
	if err := c.M28(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M16(a string) error {
	c.F4 = a + c.Cfg.S4
	c.Cfg.S5 = c.F9
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F4+"/identities", strings.NewReader(c.Cfg.S7))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F6+c.Cfg.S8)
	if err := c.M33(a + c.F1); err != nil {
		return err
	}
	if err := c.M34(a + c.F2); err != nil {
		return err
	}
	if err := c.M35(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M17(a string) error {
	c.F5 = a + c.Cfg.S5
	c.Cfg.S6 = c.F10
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F5+"/identities", strings.NewReader(c.Cfg.S8))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F7+c.Cfg.S9)
	if err := c.M40(a + c.F1); err != nil {
		return err
	}
	if err := c.M41(a + c.F2); err != nil {
		return err
	}
	if err := c.M42(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M18(a string) error {
	c.F6 = a + c.Cfg.S6
	c.Cfg.S7 = c.F11
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F6+"/identities", strings.NewReader(c.Cfg.S9))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F8+c.Cfg.S10)
	if err := c.M47(a + c.F1); err != nil {
		return err
	}
	if err := c.M48(a + c.F2); err != nil {
		return err
	}
	if err := c.M49(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M19(a string) error {
	c.F7 = a + c.Cfg.S7
	c.Cfg.S8 = c.F0
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F7+"/identities", strings.NewReader(c.Cfg.S10))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F9+c.Cfg.S11)
	if err := c.M54(a + c.F1); err != nil {
		return err
	}
	if err := c.M55(a + c.F2); err != nil {
		return err
	}
	if err := c.M56(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M20(a string) error {
	c.F8 = a + c.Cfg.S8
	c.Cfg.S9 = c.F1
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F8+"/identities", strings.NewReader(c.Cfg.S11))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F10+c.Cfg.S0)
	if err := c.M61(a + c.F1); err != nil {
		return err
	}
	if err := c.M62(a + c.F2); err != nil {
		return err
	}
	if err := c.M63(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M21(a string) error {
	c.F9 = a + c.Cfg.S9
	c.Cfg.S10 = c.F2
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F9+"/identities", strings.NewReader(c.Cfg.S0))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F11+c.Cfg.S1)
	if err := c.M68(a + c.F1); err != nil {
		return err
	}
	if err := c.M69(a + c.F2); err != nil {
		return err
	}
	if err := c.M70(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M22(a string) error {
	c.F10 = a + c.Cfg.S10
	c.Cfg.S11 = c.F3
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F10+"/identities", strings.NewReader(c.Cfg.S1))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F0+c.Cfg.S2)
	if err := c.M75(a + c.F1); err != nil {
		return err
	}
	if err := c.M76(a + c.F2); err != nil {
		return err
	}
	if err := c.M77(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M23(a string) error {
	c.F11 = a + c.Cfg.S11
	c.Cfg.S0 = c.F4
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F11+"/identities", strings.NewReader(c.Cfg.S2))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F1+c.Cfg.S3)
	if err := c.M2(a + c.F1); err != nil {
		return err
	}
	if err := c.M3(a + c.F2); err != nil {
		return err
	}
	if err := c.M4(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M24(a string) error {
	c.F0 = a + c.Cfg.S0
	c.Cfg.S1 = c.F5
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F0+"/identities", strings.NewReader(c.Cfg.S3))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F2+c.Cfg.S4)
	if err := c.M9(a + c.F1); err != nil {
		return err
	}
	if err := c.M10(a + c.F2); err != nil {
		return err
	}
	if err := c.M11(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M25(a string) error {
	c.F1 = a + c.Cfg.S1
	c.Cfg.S2 = c.F6
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F1+"/identities", strings.NewReader(c.Cfg.S4))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F3+c.Cfg.S5)
	if err := c.M16(a + c.F1); err != nil {
		return err
	}
	if err := c.M17(a + c.F2); err != nil {
		return err
	}
	if err := c.M18(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M26(a string) error {
	c.F2 = a + c.Cfg.S2
	c.Cfg.S3 = c.F7
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F2+"/identities", strings.NewReader(c.Cfg.S5))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F4+c.Cfg.S6)
	if err := c.M23(a + c.F1); err != nil {
		return err
	}
	if err := c.M24(a + c.F2); err != nil {
		return err
	}
	if err := c.M25(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M27(a string) error {
	c.F3 = a + c.Cfg.S3
	c.Cfg.S4 = c.F8
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F3+"/identities", strings.NewReader(c.Cfg.S6))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F5+c.Cfg.S7)
	if err := c.M30(a + c.F1); err != nil {
		return err
	}
	if err := c.M31(a + c.F2); err != nil {
		return err
	}
	if err := c.M32(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M28(a string) error {
	c.F4 = a + c.Cfg.S4
	c.Cfg.S5 = c.F9
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F4+"/identities", strings.NewReader(c.Cfg.S7))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F6+c.Cfg.S8)
	if err := c.M37(a + c.F1); err != nil {
		return err
	}
	if err := c.M38(a + c.F2); err != nil {
		return err
	}
	if err := c.M39(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M29(a string) error {
	c.F5 = a + c.Cfg.S5
	c.Cfg.S6 = c.F10
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F5+"/identities", strings.NewReader(c.Cfg.S8))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F7+c.Cfg.S9)
	if err := c.M44(a + c.F1); err != nil {
		return err
	}
	if err := c.M45(a + c.F2); err != nil {
		return err
	}
	if err := c.M46(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M30(a string) error {
	c.F6 = a + c.Cfg.S6
	c.Cfg.S7 = c.F11
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F6+"/identities", strings.NewReader(c.Cfg.S9))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F8+c.Cfg.S10)
	if err := c.M51(a + c.F1); err != nil {
		return err
	}
	if err := c.M52(a + c.F2); err != nil {
		return err
	}
	if err := c.M53(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M31(a string) error {
	c.F7 = a + c.Cfg.S7
	c.Cfg.S8 = c.F0
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F7+"/identities", strings.NewReader(c.Cfg.S10))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F9+c.Cfg.S11)
	if err := c.M58(a + c.F1); err != nil {
		return err
	}
	if err := c.M59(a + c.F2); err != nil {
		return err
	}
	if err := c.M60(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M32(a string) error {
	c.F8 = a + c.Cfg.S8
	c.Cfg.S9 = c.F1
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F8+"/identities", strings.NewReader(c.Cfg.S11))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F10+c.Cfg.S0)
	if err := c.M65(a + c.F1); err != nil {
		return err
	}
	if err := c.M66(a + c.F2); err != nil {
		return err
	}
	if err := c.M67(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M33(a string) error {
	c.F9 = a + c.Cfg.S9
	c.Cfg.S10 = c.F2
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F9+"/identities", strings.NewReader(c.Cfg.S0))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F11+c.Cfg.S1)
	if err := c.M72(a + c.F1); err != nil {
		return err
	}
	if err := c.M73(a + c.F2); err != nil {
		return err
	}
	if err := c.M74(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M34(a string) error {
	c.F10 = a + c.Cfg.S10
	c.Cfg.S11 = c.F3
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F10+"/identities", strings.NewReader(c.Cfg.S1))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F0+c.Cfg.S2)
	if err := c.M79(a + c.F1); err != nil {
		return err
	}
	if err := c.M0(a + c.F2); err != nil {
		return err
	}
	if err := c.M1(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M35(a string) error {
	c.F11 = a + c.Cfg.S11
	c.Cfg.S0 = c.F4
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F11+"/identities", strings.NewReader(c.Cfg.S2))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F1+c.Cfg.S3)
	if err := c.M6(a + c.F1); err != nil {
		return err
	}
	if err := c.M7(a + c.F2); err != nil {
		return err
	}
	if err := c.M8(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M36(a string) error {
	c.F0 = a + c.Cfg.S0
	c.Cfg.S1 = c.F5
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F0+"/identities", strings.NewReader(c.Cfg.S3))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F2+c.Cfg.S4)
	if err := c.M13(a + c.F1); err != nil {
		return err
	}
	if err := c.M14(a + c.F2); err != nil {
		return err
	}
	if err := c.M15(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M37(a string) error {
	c.F1 = a + c.Cfg.S1
	c.Cfg.S2 = c.F6
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F1+"/identities", strings.NewReader(c.Cfg.S4))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F3+c.Cfg.S5)
	if err := c.M20(a + c.F1); err != nil {
		return err
	}
	if err := c.M21(a + c.F2); err != nil {
		return err
	}
	if err := c.M22(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M38(a string) error {
	c.F2 = a + c.Cfg.S2
	c.Cfg.S3 = c.F7
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F2+"/identities", strings.NewReader(c.Cfg.S5))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F4+c.Cfg.S6)
	if err := c.M27(a + c.F1); err != nil {
		return err
	}
	if err := c.M28(a + c.F2); err != nil {
		return err
	}
	if err := c.M29(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M39(a string) error {
	c.F3 = a + c.Cfg.S3
	c.Cfg.S4 = c.F8
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F3+"/identities", strings.NewReader(c.Cfg.S6))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F5+c.Cfg.S7)
	if err := c.M34(a + c.F1); err != nil {
		return err
	}
	if err := c.M35(a + c.F2); err != nil {
		return err
	}
	if err := c.M36(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M40(a string) error {
	c.F4 = a + c.Cfg.S4
	c.Cfg.S5 = c.F9
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F4+"/identities", strings.NewReader(c.Cfg.S7))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F6+c.Cfg.S8)
	if err := c.M41(a + c.F1); err != nil {
		return err
	}
	if err := c.M42(a + c.F2); err != nil {
		return err
	}
	if err := c.M43(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M41(a string) error {
	c.F5 = a + c.Cfg.S5
	c.Cfg.S6 = c.F10
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F5+"/identities", strings.NewReader(c.Cfg.S8))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F7+c.Cfg.S9)
	if err := c.M48(a + c.F1); err != nil {
		return err
	}
	if err := c.M49(a + c.F2); err != nil {
		return err
	}
	if err := c.M50(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M42(a string) error {
	c.F6 = a + c.Cfg.S6
	c.Cfg.S7 = c.F11
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F6+"/identities", strings.NewReader(c.Cfg.S9))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F8+c.Cfg.S10)
	if err := c.M55(a + c.F1); err != nil {
		return err
	}
	if err := c.M56(a + c.F2); err != nil {
		return err
	}
	if err := c.M57(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M43(a string) error {
	c.F7 = a + c.Cfg.S7
	c.Cfg.S8 = c.F0
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F7+"/identities", strings.NewReader(c.Cfg.S10))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F9+c.Cfg.S11)
	if err := c.M62(a + c.F1); err != nil {
		return err
	}
	if err := c.M63(a + c.F2); err != nil {
		return err
	}
	if err := c.M64(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M44(a string) error {
	c.F8 = a + c.Cfg.S8
	c.Cfg.S9 = c.F1
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F8+"/identities", strings.NewReader(c.Cfg.S11))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F10+c.Cfg.S0)
	if err := c.M69(a + c.F1); err != nil {
		return err
	}
	if err := c.M70(a + c.F2); err != nil {
		return err
	}
	if err := c.M71(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M45(a string) error {
	c.F9 = a + c.Cfg.S9
	c.Cfg.S10 = c.F2
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F9+"/identities", strings.NewReader(c.Cfg.S0))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F11+c.Cfg.S1)
	if err := c.M76(a + c.F1); err != nil {
		return err
	}
	if err := c.M77(a + c.F2); err != nil {
		return err
	}
	if err := c.M78(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M46(a string) error {
	c.F10 = a + c.Cfg.S10
	c.Cfg.S11 = c.F3
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F10+"/identities", strings.NewReader(c.Cfg.S1))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F0+c.Cfg.S2)
	if err := c.M3(a + c.F1); err != nil {
		return err
	}
	if err := c.M4(a + c.F2); err != nil {
		return err
	}
	if err := c.M5(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M47(a string) error {
	c.F11 = a + c.Cfg.S11
	c.Cfg.S0 = c.F4
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F11+"/identities", strings.NewReader(c.Cfg.S2))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F1+c.Cfg.S3)
	if err := c.M10(a + c.F1); err != nil {
		return err
	}
	if err := c.M11(a + c.F2); err != nil {
		return err
	}
	if err := c.M12(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M48(a string) error {
	c.F0 = a + c.Cfg.S0
	c.Cfg.S1 = c.F5
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F0+"/identities", strings.NewReader(c.Cfg.S3))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F2+c.Cfg.S4)
	if err := c.M17(a + c.F1); err != nil {
		return err
	}
	if err := c.M18(a + c.F2); err != nil {
		return err
	}
	if err := c.M19(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M49(a string) error {
	c.F1 = a + c.Cfg.S1
	c.Cfg.S2 = c.F6
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F1+"/identities", strings.NewReader(c.Cfg.S4))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F3+c.Cfg.S5)
	if err := c.M24(a + c.F1); err != nil {
		return err
	}
	if err := c.M25(a + c.F2); err != nil {
		return err
	}
	if err := c.M26(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M50(a string) error {
	c.F2 = a + c.Cfg.S2
	c.Cfg.S3 = c.F7
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F2+"/identities", strings.NewReader(c.Cfg.S5))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F4+c.Cfg.S6)
	if err := c.M31(a + c.F1); err != nil {
		return err
	}
	if err := c.M32(a + c.F2); err != nil {
		return err
	}
	if err := c.M33(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M51(a string) error {
	c.F3 = a + c.Cfg.S3
	c.Cfg.S4 = c.F8
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F3+"/identities", strings.NewReader(c.Cfg.S6))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F5+c.Cfg.S7)
	if err := c.M38(a + c.F1); err != nil {
		return err
	}
	if err := c.M39(a + c.F2); err != nil {
		return err
	}
	if err := c.M40(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M52(a string) error {
	c.F4 = a + c.Cfg.S4
	c.Cfg.S5 = c.F9
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F4+"/identities", strings.NewReader(c.Cfg.S7))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F6+c.Cfg.S8)
	if err := c.M45(a + c.F1); err != nil {
		return err
	}
	if err := c.M46(a + c.F2); err != nil {
		return err
	}
	if err := c.M47(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M53(a string) error {
	c.F5 = a + c.Cfg.S5
	c.Cfg.S6 = c.F10
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F5+"/identities", strings.NewReader(c.Cfg.S8))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F7+c.Cfg.S9)
	if err := c.M52(a + c.F1); err != nil {
		return err
	}
	if err := c.M53(a + c.F2); err != nil {
		return err
	}
	if err := c.M54(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M54(a string) error {
	c.F6 = a + c.Cfg.S6
	c.Cfg.S7 = c.F11
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F6+"/identities", strings.NewReader(c.Cfg.S9))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F8+c.Cfg.S10)
	if err := c.M59(a + c.F1); err != nil {
		return err
	}
	if err := c.M60(a + c.F2); err != nil {
		return err
	}
	if err := c.M61(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M55(a string) error {
	c.F7 = a + c.Cfg.S7
	c.Cfg.S8 = c.F0
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F7+"/identities", strings.NewReader(c.Cfg.S10))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F9+c.Cfg.S11)
	if err := c.M66(a + c.F1); err != nil {
		return err
	}
	if err := c.M67(a + c.F2); err != nil {
		return err
	}
	if err := c.M68(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M56(a string) error {
	c.F8 = a + c.Cfg.S8
	c.Cfg.S9 = c.F1
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F8+"/identities", strings.NewReader(c.Cfg.S11))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F10+c.Cfg.S0)
	if err := c.M73(a + c.F1); err != nil {
		return err
	}
	if err := c.M74(a + c.F2); err != nil {
		return err
	}
	if err := c.M75(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M57(a string) error {
	c.F9 = a + c.Cfg.S9
	c.Cfg.S10 = c.F2
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F9+"/identities", strings.NewReader(c.Cfg.S0))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F11+c.Cfg.S1)
	if err := c.M0(a + c.F1); err != nil {
		return err
	}
	if err := c.M1(a + c.F2); err != nil {
		return err
	}
	if err := c.M2(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M58(a string) error {
	c.F10 = a + c.Cfg.S10
	c.Cfg.S11 = c.F3
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F10+"/identities", strings.NewReader(c.Cfg.S1))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F0+c.Cfg.S2)
	if err := c.M7(a + c.F1); err != nil {
		return err
	}
	if err := c.M8(a + c.F2); err != nil {
		return err
	}
	if err := c.M9(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M59(a string) error {
	c.F11 = a + c.Cfg.S11
	c.Cfg.S0 = c.F4
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F11+"/identities", strings.NewReader(c.Cfg.S2))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F1+c.Cfg.S3)
	if err := c.M14(a + c.F1); err != nil {
		return err
	}
	if err := c.M15(a + c.F2); err != nil {
		return err
	}
	if err := c.M16(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M60(a string) error {
	c.F0 = a + c.Cfg.S0
	c.Cfg.S1 = c.F5
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F0+"/identities", strings.NewReader(c.Cfg.S3))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F2+c.Cfg.S4)
	if err := c.M21(a + c.F1); err != nil {
		return err
	}
	if err := c.M22(a + c.F2); err != nil {
		return err
	}
	if err := c.M23(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M61(a string) error {
	c.F1 = a + c.Cfg.S1
	c.Cfg.S2 = c.F6
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F1+"/identities", strings.NewReader(c.Cfg.S4))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F3+c.Cfg.S5)
	if err := c.M28(a + c.F1); err != nil {
		return err
	}
	if err := c.M29(a + c.F2); err != nil {
		return err
	}
	if err := c.M30(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M62(a string) error {
	c.F2 = a + c.Cfg.S2
	c.Cfg.S3 = c.F7
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F2+"/identities", strings.NewReader(c.Cfg.S5))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F4+c.Cfg.S6)
	if err := c.M35(a + c.F1); err != nil {
		return err
	}
	if err := c.M36(a + c.F2); err != nil {
		return err
	}
	if err := c.M37(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M63(a string) error {
	c.F3 = a + c.Cfg.S3
	c.Cfg.S4 = c.F8
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F3+"/identities", strings.NewReader(c.Cfg.S6))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F5+c.Cfg.S7)
	if err := c.M42(a + c.F1); err != nil {
		return err
	}
	if err := c.M43(a + c.F2); err != nil {
		return err
	}
	if err := c.M44(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M64(a string) error {
	c.F4 = a + c.Cfg.S4
	c.Cfg.S5 = c.F9
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F4+"/identities", strings.NewReader(c.Cfg.S7))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F6+c.Cfg.S8)
	if err := c.M49(a + c.F1); err != nil {
		return err
	}
	if err := c.M50(a + c.F2); err != nil {
		return err
	}
	if err := c.M51(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M65(a string) error {
	c.F5 = a + c.Cfg.S5
	c.Cfg.S6 = c.F10
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F5+"/identities", strings.NewReader(c.Cfg.S8))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F7+c.Cfg.S9)
	if err := c.M56(a + c.F1); err != nil {
		return err
	}
	if err := c.M57(a + c.F2); err != nil {
		return err
	}
	if err := c.M58(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M66(a string) error {
	c.F6 = a + c.Cfg.S6
	c.Cfg.S7 = c.F11
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F6+"/identities", strings.NewReader(c.Cfg.S9))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F8+c.Cfg.S10)
	if err := c.M63(a + c.F1); err != nil {
		return err
	}
	if err := c.M64(a + c.F2); err != nil {
		return err
	}
	if err := c.M65(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M67(a string) error {
	c.F7 = a + c.Cfg.S7
	c.Cfg.S8 = c.F0
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F7+"/identities", strings.NewReader(c.Cfg.S10))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F9+c.Cfg.S11)
	if err := c.M70(a + c.F1); err != nil {
		return err
	}
	if err := c.M71(a + c.F2); err != nil {
		return err
	}
	if err := c.M72(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M68(a string) error {
	c.F8 = a + c.Cfg.S8
	c.Cfg.S9 = c.F1
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F8+"/identities", strings.NewReader(c.Cfg.S11))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F10+c.Cfg.S0)
	if err := c.M77(a + c.F1); err != nil {
		return err
	}
	if err := c.M78(a + c.F2); err != nil {
		return err
	}
	if err := c.M79(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M69(a string) error {
	c.F9 = a + c.Cfg.S9
	c.Cfg.S10 = c.F2
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F9+"/identities", strings.NewReader(c.Cfg.S0))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F11+c.Cfg.S1)
	if err := c.M4(a + c.F1); err != nil {
		return err
	}
	if err := c.M5(a + c.F2); err != nil {
		return err
	}
	if err := c.M6(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M70(a string) error {
	c.F10 = a + c.Cfg.S10
	c.Cfg.S11 = c.F3
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F10+"/identities", strings.NewReader(c.Cfg.S1))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F0+c.Cfg.S2)
	if err := c.M11(a + c.F1); err != nil {
		return err
	}
	if err := c.M12(a + c.F2); err != nil {
		return err
	}
	if err := c.M13(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M71(a string) error {
	c.F11 = a + c.Cfg.S11
	c.Cfg.S0 = c.F4
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F11+"/identities", strings.NewReader(c.Cfg.S2))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F1+c.Cfg.S3)
	if err := c.M18(a + c.F1); err != nil {
		return err
	}
	if err := c.M19(a + c.F2); err != nil {
		return err
	}
	if err := c.M20(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M72(a string) error {
	c.F0 = a + c.Cfg.S0
	c.Cfg.S1 = c.F5
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F0+"/identities", strings.NewReader(c.Cfg.S3))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F2+c.Cfg.S4)
	if err := c.M25(a + c.F1); err != nil {
		return err
	}
	if err := c.M26(a + c.F2); err != nil {
		return err
	}
	if err := c.M27(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M73(a string) error {
	c.F1 = a + c.Cfg.S1
	c.Cfg.S2 = c.F6
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F1+"/identities", strings.NewReader(c.Cfg.S4))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F3+c.Cfg.S5)
	if err := c.M32(a + c.F1); err != nil {
		return err
	}
	if err := c.M33(a + c.F2); err != nil {
		return err
	}
	if err := c.M34(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M74(a string) error {
	c.F2 = a + c.Cfg.S2
	c.Cfg.S3 = c.F7
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F2+"/identities", strings.NewReader(c.Cfg.S5))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F4+c.Cfg.S6)
	if err := c.M39(a + c.F1); err != nil {
		return err
	}
	if err := c.M40(a + c.F2); err != nil {
		return err
	}
	if err := c.M41(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M75(a string) error {
	c.F3 = a + c.Cfg.S3
	c.Cfg.S4 = c.F8
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F3+"/identities", strings.NewReader(c.Cfg.S6))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F5+c.Cfg.S7)
	if err := c.M46(a + c.F1); err != nil {
		return err
	}
	if err := c.M47(a + c.F2); err != nil {
		return err
	}
	if err := c.M48(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M76(a string) error {
	c.F4 = a + c.Cfg.S4
	c.Cfg.S5 = c.F9
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F4+"/identities", strings.NewReader(c.Cfg.S7))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F6+c.Cfg.S8)
	if err := c.M53(a + c.F1); err != nil {
		return err
	}
	if err := c.M54(a + c.F2); err != nil {
		return err
	}
	if err := c.M55(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M77(a string) error {
	c.F5 = a + c.Cfg.S5
	c.Cfg.S6 = c.F10
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F5+"/identities", strings.NewReader(c.Cfg.S8))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F7+c.Cfg.S9)
	if err := c.M60(a + c.F1); err != nil {
		return err
	}
	if err := c.M61(a + c.F2); err != nil {
		return err
	}
	if err := c.M62(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M78(a string) error {
	c.F6 = a + c.Cfg.S6
	c.Cfg.S7 = c.F11
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F6+"/identities", strings.NewReader(c.Cfg.S9))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F8+c.Cfg.S10)
	if err := c.M67(a + c.F1); err != nil {
		return err
	}
	if err := c.M68(a + c.F2); err != nil {
		return err
	}
	if err := c.M69(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}

func (c *Client) M79(a string) error {
	c.F7 = a + c.Cfg.S7
	c.Cfg.S8 = c.F0
	req, err := http.NewRequest(http.MethodPost, "https://"+c.F0+"/api/v2/users/"+c.F7+"/identities", strings.NewReader(c.Cfg.S10))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.F9+c.Cfg.S11)
	if err := c.M74(a + c.F1); err != nil {
		return err
	}
	if err := c.M75(a + c.F2); err != nil {
		return err
	}
	if err := c.M76(a + c.F3); err != nil {
		return err
	}
	_, err = c.HC.Do(req)
	return err
}
